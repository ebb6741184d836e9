using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using TeamsKiCoach.Coaching;

namespace TeamsKiCoach.Storage;

// Used only by `dotnet ef migrations add` (see src/ARCHITECTURE.md, "Changing the schema"); the connection strings are never opened.
internal sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteCoachDbContext>
{
    public SqliteCoachDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCoachDbContext>().UseSqlite("Data Source=design-time.db").Options);
}

internal sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresCoachDbContext>
{
    public PostgresCoachDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCoachDbContext>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
