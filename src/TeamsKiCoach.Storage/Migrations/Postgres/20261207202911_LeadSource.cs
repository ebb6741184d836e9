using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace TeamsKiCoach.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class LeadSource : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Source",
                table: "team_leads",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "");

            // Before this release only two paths made leads: the install (its installer) and a lead adding one.
            // An installer whose id was unlinked by "Alles löschen" left no lead row behind, so the rest were added.
            migrationBuilder.Sql("""
                UPDATE team_leads SET "Source" = CASE
                    WHEN EXISTS (
                        SELECT 1 FROM teams
                        WHERE teams."TenantId" = team_leads."TenantId"
                          AND teams."TeamId" = team_leads."TeamId"
                          AND teams."InstalledByAadObjectId" = team_leads."AadObjectId")
                    THEN 'Installer'
                    ELSE 'AddedByLead'
                END
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Source",
                table: "team_leads");
        }
    }
}
