using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsKiCoach.Storage.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 16,
                nullable: false,
                defaultValue: "Weekly");

            migrationBuilder.AddColumn<int>(
                name: "Stage",
                table: "teams",
                type: "INTEGER",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<long>(
                name: "StageSince",
                table: "teams",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "StageVersion",
                table: "teams",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "automations",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: false),
                    TeamId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Steps = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    DoesNot = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Trigger = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DataUsed = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    UsesAi = table.Column<bool>(type: "INTEGER", nullable: false),
                    AiRole = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    OwnerAadObjectId = table.Column<string>(type: "TEXT", nullable: true),
                    OwnerName = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Since = table.Column<long>(type: "INTEGER", nullable: false),
                    LastReviewedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    PilotId = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_automations", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "nudge_runs",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: false),
                    TeamId = table.Column<string>(type: "TEXT", nullable: false),
                    Period = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Stage = table.Column<int>(type: "INTEGER", nullable: false),
                    Fingerprint = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Lines = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ActionId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActionSubject = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    ActionLabel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    TriggeredByAadObjectId = table.Column<string>(type: "TEXT", nullable: true)
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
