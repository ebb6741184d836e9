using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TeamsKiCoach.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class WeeklyPulse : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "PulseDay",
                table: "teams",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "Thursday");

            migrationBuilder.AddColumn<int>(
                name: "PulseMinAnswers",
                table: "teams",
                type: "integer",
                nullable: false,
                defaultValue: 5);

            migrationBuilder.AddColumn<TimeOnly>(
                name: "PulseTime",
                table: "teams",
                type: "time without time zone",
                nullable: false,
                defaultValue: new TimeOnly(14, 0, 0));

            migrationBuilder.CreateTable(
                name: "pulse_answers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    TeamId = table.Column<string>(type: "text", nullable: false),
                    Week = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    AnswerKey = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    Relief = table.Column<int>(type: "integer", nullable: true),
                    Bypassed = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    NewQuestions = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    StillManual = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    NoTime = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pulse_answers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pulse_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    TeamId = table.Column<string>(type: "text", nullable: false),
                    Week = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    MinAnswers = table.Column<int>(type: "integer", nullable: false),
                    SentAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosesAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Variant = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pulse_runs", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "tenant_secrets",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tenant_secrets", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pulse_answers_TenantId_AnswerKey",
                table: "pulse_answers",
                columns: new[] { "TenantId", "AnswerKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_pulse_answers_TenantId_TeamId_Week",
                table: "pulse_answers",
                columns: new[] { "TenantId", "TeamId", "Week" });

            migrationBuilder.CreateIndex(
                name: "IX_pulse_runs_TenantId_TeamId_Week",
                table: "pulse_runs",
                columns: new[] { "TenantId", "TeamId", "Week" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_tenant_secrets_TenantId_Name",
                table: "tenant_secrets",
                columns: new[] { "TenantId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pulse_answers");

            migrationBuilder.DropTable(
                name: "pulse_runs");

            migrationBuilder.DropTable(
                name: "tenant_secrets");

            migrationBuilder.DropColumn(
                name: "PulseDay",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "PulseMinAnswers",
                table: "teams");

            migrationBuilder.DropColumn(
                name: "PulseTime",
                table: "teams");
        }
    }
}
