using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TeamsKiCoach.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Stages : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "NudgeCadence",
                table: "teams",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Weekly");

            migrationBuilder.AddColumn<int>(
                name: "Stage",
                table: "teams",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "StageSince",
                table: "teams",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StageVersion",
                table: "teams",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "automations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    TeamId = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    Steps = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    DoesNot = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Trigger = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    DataUsed = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    UsesAi = table.Column<bool>(type: "boolean", nullable: false),
                    AiRole = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    OwnerAadObjectId = table.Column<string>(type: "text", nullable: true),
                    OwnerName = table.Column<string>(type: "text", nullable: true),
                    Status = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    PilotId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_automations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "nudge_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    TeamId = table.Column<string>(type: "text", nullable: false),
                    Period = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Stage = table.Column<int>(type: "integer", nullable: false),
                    Fingerprint = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Language = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Lines = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    ActionId = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    ActionSubject = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    ActionLabel = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    TriggeredByAadObjectId = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_nudge_runs", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_automations_TenantId_TeamId",
                table: "automations",
                columns: new[] { "TenantId", "TeamId" });

            migrationBuilder.CreateIndex(
                name: "IX_nudge_runs_TenantId_TeamId_Period",
                table: "nudge_runs",
                columns: new[] { "TenantId", "TeamId", "Period" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "automations");

            migrationBuilder.DropTable(
                name: "nudge_runs");

            migrationBuilder.DropColumn(
                name: "NudgeCadence",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "Stage",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "StageSince",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "StageVersion",
                table: "teams");
        }
    }
}
