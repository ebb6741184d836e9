using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace TeamsKiCoach.Storage.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class StoredPatterns : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The schema only. The patterns of a backlog from before come from grouping its entries' words (with the
            // leads' merges and splits), which SQL cannot do: Backlog.PatternDataStep builds them right after this
            // migration and points the checks, pilots and decisions at them. Until it ran, the new columns are empty.
            migrationBuilder.AddColumn<long>(
                name: "PatternId",
                table: "pilots",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PatternId",
                table: "pattern_assessments",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PatternId",
                table: "grouping_decisions",
                type: "bigint",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PatternId",
                table: "backlog_entries",
                type: "bigint",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "backlog_patterns",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    TeamId = table.Column<string>(type: "text", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    RetiredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    MergedIntoId = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_backlog_patterns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_backlog_patterns_backlog_patterns_MergedIntoId",
                        column: x => x.MergedIntoId,
                        principalTable: "backlog_patterns",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "data_steps",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TenantId = table.Column<string>(type: "text", nullable: false),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    DoneAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_data_steps", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_pilots_PatternId",
                table: "pilots",
                column: "PatternId");

            migrationBuilder.CreateIndex(
                name: "IX_pattern_assessments_PatternId",
                table: "pattern_assessments",
                column: "PatternId");

            migrationBuilder.CreateIndex(
                name: "IX_grouping_decisions_PatternId",
                table: "grouping_decisions",
                column: "PatternId");

            migrationBuilder.CreateIndex(
                name: "IX_backlog_entries_PatternId",
                table: "backlog_entries",
                column: "PatternId");

            migrationBuilder.CreateIndex(
                name: "IX_backlog_patterns_MergedIntoId",
                table: "backlog_patterns",
                column: "MergedIntoId");

            migrationBuilder.CreateIndex(
                name: "IX_backlog_patterns_TenantId_TeamId_Number",
                table: "backlog_patterns",
                columns: new[] { "TenantId", "TeamId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_data_steps_TenantId_Name",
                table: "data_steps",
                columns: new[] { "TenantId", "Name" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_backlog_entries_backlog_patterns_PatternId",
                table: "backlog_entries",
                column: "PatternId",
                principalTable: "backlog_patterns",
                principalColumn: "Id",
                onDelete: ReferentialAction.SetNull);

            migrationBuilder.AddForeignKey(
                name: "FK_grouping_decisions_backlog_patterns_PatternId",
                table: "grouping_decisions",
                column: "PatternId",
                principalTable: "backlog_patterns",
                principalColumn: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_pattern_assessments_backlog_patterns_PatternId",
                table: "pattern_assessments",
                column: "PatternId",
                principalTable: "backlog_patterns",
                principalColumn: "Id");

            migrationBuilder.AddForeignKey(
                name: "FK_pilots_backlog_patterns_PatternId",
                table: "pilots",
                column: "PatternId",
                principalTable: "backlog_patterns",
                principalColumn: "Id");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_backlog_entries_backlog_patterns_PatternId",
                table: "backlog_entries");

            migrationBuilder.DropForeignKey(
                name: "FK_grouping_decisions_backlog_patterns_PatternId",
                table: "grouping_decisions");

            migrationBuilder.DropForeignKey(
                name: "FK_pattern_assessments_backlog_patterns_PatternId",
                table: "pattern_assessments");

            migrationBuilder.DropForeignKey(
                name: "FK_pilots_backlog_patterns_PatternId",
                table: "pilots");

            migrationBuilder.DropTable(
                name: "backlog_patterns");

            migrationBuilder.DropTable(
                name: "data_steps");

            migrationBuilder.DropIndex(
                name: "IX_pilots_PatternId",
                table: "pilots");

            migrationBuilder.DropIndex(
                name: "IX_pattern_assessments_PatternId",
                table: "pattern_assessments");

            migrationBuilder.DropIndex(
                name: "IX_grouping_decisions_PatternId",
                table: "grouping_decisions");

            migrationBuilder.DropIndex(
                name: "IX_backlog_entries_PatternId",
                table: "backlog_entries");

            migrationBuilder.DropColumn(
                name: "PatternId",
                table: "pilots");

            migrationBuilder.DropColumn(
                name: "PatternId",
                table: "pattern_assessments");

            migrationBuilder.DropColumn(
                name: "PatternId",
                table: "grouping_decisions");

            migrationBuilder.DropColumn(
                name: "PatternId",
                table: "backlog_entries");
        }
    }
}
