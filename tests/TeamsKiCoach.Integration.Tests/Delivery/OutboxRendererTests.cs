using Microsoft.Extensions.DependencyInjection;
using TeamsKiCoach.Bot.Delivery;
using TeamsKiCoach.Coaching.Delivery;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Delivery;

public sealed class OutboxRendererTests
{
    [Fact]
    public async Task EveryOutboxKindHasItsRendererInTheHost()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var host = CoachHost.Development(database);

        // The host's own registration: a kind added to OutboxKind without a renderer fails here (and the host at start).
        var renderers = host.Services.GetRequiredService<OutboxRenderers>();

        Assert.All(Enum.GetValues<OutboxKind>(), kind => Assert.Equal(kind, renderers.For(kind)?.Kind));
    }

    [Fact]
    public void AKindWithoutARendererStopsTheTableFromBeingBuilt()
    {
        var all = Enum.GetValues<OutboxKind>().Select(kind => new Named(kind)).ToList();

        var refused = Assert.Throws<InvalidOperationException>(() => new OutboxRenderers(all.Where(r => r.Kind != OutboxKind.Nudge)));

        Assert.Contains(nameof(OutboxKind.Nudge), refused.Message);
        Assert.NotNull(new OutboxRenderers(all).For(OutboxKind.Nudge));
    }

    [Fact]
    public void TwoRenderersForOneKindStopTheTableFromBeingBuilt()
    {
        var all = Enum.GetValues<OutboxKind>().Select(kind => new Named(kind)).ToList();

        var refused = Assert.Throws<InvalidOperationException>(() => new OutboxRenderers([.. all, new Named(OutboxKind.Pulse)]));

        Assert.Contains(nameof(OutboxKind.Pulse), refused.Message);
    }

    [Fact]
    public void AKindNumberFromANewerReleaseHasNoRenderer()
    {
        var renderers = new OutboxRenderers(Enum.GetValues<OutboxKind>().Select(kind => new Named(kind)));

        Assert.Null(renderers.For((OutboxKind)999));
    }

    private sealed class Named(OutboxKind kind) : IOutboxRenderer
    {
        public OutboxKind Kind => kind;

        public Task<OutboxRendering> RenderAsync(OutboxMessage message, CancellationToken cancellationToken) =>
            Task.FromResult<OutboxRendering>(new OutboxRendering.Skip("test"));
    }
}
