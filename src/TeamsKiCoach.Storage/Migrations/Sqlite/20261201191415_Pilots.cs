using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsKiCoach.Storage.Migrations.Sqlite
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
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "pilots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: false),
                    TeamId = table.Column<string>(type: "TEXT", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    PatternKey = table.Column<int>(type: "INTEGER", nullable: false),
                    PatternTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Step = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    StaysManual = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    WhoIsRelieved = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    OwnerAadObjectId = table.Column<string>(type: "TEXT", nullable: false),
                    OwnerName = table.Column<string>(type: "TEXT", nullable: false),
                    ProposedByAadObjectId = table.Column<string>(type: "TEXT", nullable: false),
                    ProposedByName = table.Column<string>(type: "TEXT", nullable: false),
                    ProposedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ReviewOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 24, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Decision = table.Column<string>(type: "TEXT", maxLength: 24, nullable: true),
                    DecidedByAadObjectId = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedByName = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionReason = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    WithdrawnAt = table.Column<long>(type: "INTEGER", nullable: true),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    PausedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    OutcomeAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastChangedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    AiDrafted = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pilots", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "relief_answers",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: false),
                    PilotId = table.Column<long>(type: "INTEGER", nullable: false),
                    Week = table.Column<int>(type: "INTEGER", nullable: false),
                    Answer = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_relief_answers", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "relief_asks",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: false),
                    TeamId = table.Column<string>(type: "TEXT", nullable: false),
                    PilotId = table.Column<long>(type: "INTEGER", nullable: false),
                    Week = table.Column<int>(type: "INTEGER", nullable: false),
                    RecipientAadObjectId = table.Column<string>(type: "TEXT", nullable: false),
                    DueAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Answered = table.Column<bool>(type: "INTEGER", nullable: false)
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
