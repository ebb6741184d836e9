using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsKiCoach.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SharedBacklog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "CaptureKey",
                table: "backlog_entries",
                type: "TEXT",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "EditedAt",
                table: "backlog_entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "WithdrawnAt",
                table: "backlog_entries",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "grouping_decisions",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: false),
                    TeamId = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EntryIds = table.Column<string>(type: "TEXT", nullable: false),
                    OtherEntryIds = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedByAadObjectId = table.Column<string>(type: "TEXT", nullable: false),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_grouping_decisions", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_backlog_entries_TenantId_TeamId_CaptureKey",
                table: "backlog_entries",
                columns: new[] { "TenantId", "TeamId", "CaptureKey" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_grouping_decisions_TenantId_TeamId_Id",
                table: "grouping_decisions",
                columns: new[] { "TenantId", "TeamId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "grouping_decisions");

            migrationBuilder.DropIndex(
                name: "IX_backlog_entries_TenantId_TeamId_CaptureKey",
                table: "backlog_entries");

            migrationBuilder.DropColumn(
                name: "CaptureKey",
                table: "backlog_entries");

            migrationBuilder.DropColumn(
                name: "EditedAt",
                table: "backlog_entries");

            migrationBuilder.DropColumn(
                name: "WithdrawnAt",
                table: "backlog_entries");
        }
    }
}
