using Microsoft.EntityFrameworkCore;

namespace Snikket.Server.Storage;

/// <summary>
/// The one EF Core context. Each feature keeps its entities and their configuration in its own
/// folder; this class only collects them. The schema itself comes from the ordered SQL files under
/// <c>Migrations/</c>, applied by <see cref="SchemaMigrator"/>, not from EF's model.
/// </summary>
internal sealed class SnikketDb(DbContextOptions<SnikketDb> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(SnikketDb).Assembly);
}
