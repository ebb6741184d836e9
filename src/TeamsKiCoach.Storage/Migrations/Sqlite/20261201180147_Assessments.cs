using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsKiCoach.Storage.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Assessments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "audit_trail",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: false),
                    TeamId = table.Column<string>(type: "TEXT", nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    SubjectId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Action = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ActorAadObjectId = table.Column<string>(type: "TEXT", nullable: false),
                    ActorName = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<long>(type: "INTEGER", nullable: false),
                    Detail = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    AiInvolved = table.Column<bool>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit_trail", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "pattern_assessments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    TenantId = table.Column<string>(type: "TEXT", nullable: false),
                    TeamId = table.Column<string>(type: "TEXT", nullable: false),
                    PatternKey = table.Column<int>(type: "INTEGER", nullable: false),
                    PatternTitle = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Mentions = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Language = table.Column<string>(type: "TEXT", maxLength: 8, nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Source = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Note = table.Column<string>(type: "TEXT", nullable: true),
                    SuggestedVerdict = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    SuggestedPart = table.Column<string>(type: "TEXT", nullable: true),
                    SuggestedCriteria = table.Column<string>(type: "TEXT", nullable: false),
                    SuggestedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ConfirmedVerdict = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    FittingPart = table.Column<string>(type: "TEXT", nullable: true),
                    Criteria = table.Column<string>(type: "TEXT", nullable: true),
                    ConfirmedHow = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    ConfirmedByAadObjectId = table.Column<string>(type: "TEXT", nullable: true),
                    ConfirmedByName = table.Column<string>(type: "TEXT", nullable: true),
                    ConfirmedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    Version = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pattern_assessments", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_audit_trail_TenantId_TeamId_Subject_SubjectId",
                table: "audit_trail",
                columns: new[] { "TenantId", "TeamId", "Subject", "SubjectId" });

            migrationBuilder.CreateIndex(
                name: "IX_pattern_assessments_TenantId_TeamId_PatternKey",
                table: "pattern_assessments",
                columns: new[] { "TenantId", "TeamId", "PatternKey" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "audit_trail");

            migrationBuilder.DropTable(
                name: "pattern_assessments");
        }
    }
}
