using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TeamsKiCoach.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Pilots : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "PilotPlaces",
                table: "teams",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "pilots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    TeamId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    PatternKey = table.Column<int>(type: "integer", nullable: false),
                    PatternTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Step = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    StaysManual = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    WhoIsRelieved = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    OwnerAadObjectId = table.Column<string>(type: "text", nullable: false),
                    OwnerName = table.Column<string>(type: "text", nullable: false),
                    ProposedByAadObjectId = table.Column<string>(type: "text", nullable: false),
                    ProposedByName = table.Column<string>(type: "text", nullable: false),
                    ProposedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewOn = table.Column<DateOnly>(type: "date", nullable: false),
                    State = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: false),
                    Version = table.Column<int>(type: "integer", nullable: false),
                    Decision = table.Column<string>(type: "character varying(24)", maxLength: 24, nullable: true),
                    DecidedByAadObjectId = table.Column<string>(type: "text", nullable: true),
                    DecidedByName = table.Column<string>(type: "text", nullable: true),
                    DecidedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    DecisionReason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    WithdrawnAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StartedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    PausedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    OutcomeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastChangedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AiDrafted = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pilots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "relief_answers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    PilotId = table.Column<long>(type: "bigint", nullable: false),
                    Week = table.Column<int>(type: "integer", nullable: false),
                    Answer = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Comment = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relief_answers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "relief_asks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    TeamId = table.Column<string>(type: "text", nullable: false),
                    PilotId = table.Column<long>(type: "bigint", nullable: false),
                    Week = table.Column<int>(type: "integer", nullable: false),
                    RecipientAadObjectId = table.Column<string>(type: "text", nullable: false),
                    DueAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Answered = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relief_asks", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pilots_TenantId_TeamId_Number",
                table: "pilots",
                columns: new[] { "TenantId", "TeamId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_relief_answers_TenantId_PilotId_Week",
                table: "relief_answers",
                columns: new[] { "TenantId", "PilotId", "Week" });

            migrationBuilder.CreateIndex(
                name: "IX_relief_asks_TenantId_PilotId_Week_RecipientAadObjectId",
                table: "relief_asks",
                columns: new[] { "TenantId", "PilotId", "Week", "RecipientAadObjectId" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pilots");

            migrationBuilder.DropTable(
                name: "relief_answers");

            migrationBuilder.DropTable(
                name: "relief_asks");

            migrationBuilder.DropColumn(
                name: "PilotPlaces",
                table: "teams");
        }
    }
}
