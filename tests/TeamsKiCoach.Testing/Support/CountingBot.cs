using Microsoft.Bot.Builder;
using Microsoft.Extensions.DependencyInjection;
using TeamsKiCoach.Bot.Turns;

namespace TeamsKiCoach.Tests.Support;

/// <summary>The real bot, counted: how many turns reached a handler.</summary>
public sealed class CountingBot(IBot inner, CountingBot.Counter counter) : IBot
{
    public sealed class Counter
    {
        private int turns;

        public int Turns => Volatile.Read(ref turns);

        public void Add() => Interlocked.Increment(ref turns);
    }

    public Task OnTurnAsync(ITurnContext turnContext, CancellationToken cancellationToken = default)
    {
        counter.Add();
        return inner.OnTurnAsync(turnContext, cancellationToken);
    }

    /// <summary>Replaces the host's bot with the counted real one.</summary>
    public static Action<IServiceCollection> Around(Counter counter) =>
        services => services.AddTransient<IBot>(sp => new CountingBot(ActivatorUtilities.CreateInstance<CoachBot>(sp), counter));
}
