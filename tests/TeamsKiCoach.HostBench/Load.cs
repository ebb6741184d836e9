using System.Diagnostics;
using System.Net;
using System.Text;

namespace TeamsKiCoach.HostBench;

/// <summary>How a row's turn reaches the bot: a typed message (answered through the connector) or a card button (Action.Execute, answered in the invoke response).</summary>
internal enum TurnKind
{
    Message,
    CardAction,
}

/// <summary>One row of the tables: what turn number <c>i</c> sends, and who sends it.</summary>
internal sealed record TurnRow(string Name, TurnKind Kind, bool Writes, Func<int, (string User, string Payload)> Turn)
{
    public static TurnRow Command(string text, int users) =>
        new($"\"{text}\"", TurnKind.Message, false, i => (DataSet.User(i % users), Json.Text(text)));

    public static TurnRow Card(string verb, bool writes, Func<int, (string User, string Data)> turn) =>
        new(verb, TurnKind.CardAction, writes, i =>
        {
            var (user, data) = turn(i);
            return (user, $"\"verb\":{Json.Text(verb)},\"data\":{data}");
        });
}

internal static class Json
{
    public static string Text(string text) => System.Text.Json.JsonSerializer.Serialize(text);
}

/// <summary>What a row measured: each turn's latency (NaN when it failed or did not finish), and the host's CPU.</summary>
internal sealed record Measured(int Turns, int Errors, TimeSpan Elapsed, double[] LatenciesMs, TimeSpan HostCpu)
{
    public double Throughput => (Turns - Errors) / Elapsed.TotalSeconds;

    public double CpuMsPerTurn => HostCpu.TotalMilliseconds / Math.Max(1, Turns);

    /// <summary>A failed or unfinished turn counts as slower than every finished one.</summary>
    public double Percentile(double p)
    {
        var sorted = LatenciesMs.Select(l => double.IsNaN(l) ? double.PositiveInfinity : l).Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}

internal static class Load
{
    /// <summary>Unanswered turns of an open-loop row beyond which it stops sending: twice what a host at the target holds, as many as the closed loop keeps.</summary>
    public const int MaxInFlight = 50;

    /// <summary>
    /// Open loop: turn i is sent at start + i / rate whether or not earlier ones were answered, and its latency runs
    /// from that scheduled moment, so a host that falls behind shows it in every later turn (no coordinated
    /// omission). A fixed count of turns, all to the host on 127.0.0.1; what is not answered <paramref name="drain"/>
    /// seconds after the last send is cancelled and counts as failed.
    /// </summary>
    public static async Task<Measured> OpenAsync(HttpClient client, HostProcess host, Connector connector, TurnRow row, double rate, double seconds, double drain, int offset)
    {
        var count = Math.Max(1, (int)(rate * seconds));
        var latencies = new double[count];
        var failed = 0;
        using var stop = new CancellationTokenSource();
        var cardsBefore = connector.Cards;
        var cpuBefore = host.CpuTime();
        var tasks = new Task[count];
        var inFlight = 0;
        var start = Stopwatch.GetTimestamp() + (Stopwatch.Frequency / 50);
        for (var i = 0; i < count; i++)
        {
            var due = start + (long)(i * Stopwatch.Frequency / rate);
            while (Stopwatch.GetTimestamp() < due)
            {
                await Task.Delay(1);
            }

            // A host far behind would otherwise gather thousands of turns at once on a shared machine: past
            // MaxInFlight unanswered turns, a turn is not sent and counts as failed, and the row ends early.
            if (Volatile.Read(ref inFlight) >= MaxInFlight)
            {
                for (var j = i; j < count; j++)
                {
                    latencies[j] = double.NaN;
                    tasks[j] = Task.CompletedTask;
                }

                break;
            }

            var index = i;
            Interlocked.Increment(ref inFlight);
            tasks[i] = Task.Run(async () =>
            {
                var ok = await SendAsync(client, host, connector, row, offset + index, stop.Token);
                Interlocked.Decrement(ref inFlight);
                latencies[index] = ok ? Stopwatch.GetElapsedTime(due).TotalMilliseconds : double.NaN;
                if (!ok)
                {
                    Interlocked.Increment(ref failed);
                }
            });
        }

        var sent = Stopwatch.GetElapsedTime(start);
        stop.CancelAfter(TimeSpan.FromSeconds(drain));
        try
        {
            await Task.WhenAll(tasks).WaitAsync(TimeSpan.FromSeconds(drain + 30));
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException)
        {
            // Counted as failed by the turns themselves.
        }

        var cpu = host.CpuTime() - cpuBefore;
        failed = latencies.Count(double.IsNaN) + MissingCards(row, connector, cardsBefore, count - latencies.Count(double.IsNaN));
        return new Measured(count, Math.Min(count, failed), sent, latencies, cpu);
    }

    /// <summary>
    /// Closed loop: <paramref name="concurrency"/> senders, each sending its next turn when the last is answered, for
    /// a time or a count. The rate counts the turns answered within the time; turns still open at its end are
    /// cancelled and counted neither way (a slow row would otherwise hold the machine for a whole round of them).
    /// </summary>
    public static async Task<Measured> ClosedAsync(HttpClient client, HostProcess host, Connector connector, TurnRow row, int concurrency, int turns, double seconds, int offset)
    {
        var latencies = new List<double>[concurrency];
        var next = -1;
        var cardsBefore = connector.Cards;
        var cpuBefore = host.CpuTime();
        using var end = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(sender => Task.Run(async () =>
        {
            var mine = latencies[sender] = [];
            int i;
            while (!end.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < turns)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = await SendAsync(client, host, connector, row, offset + i, end.Token);
                if (!ok && end.IsCancellationRequested)
                {
                    break;
                }

                mine.Add(ok ? Stopwatch.GetElapsedTime(started).TotalMilliseconds : double.NaN);
            }
        })));
        var elapsed = TimeSpan.FromTicks(Math.Min(clock.Elapsed.Ticks, TimeSpan.FromSeconds(seconds).Ticks));
        var cpu = host.CpuTime() - cpuBefore;
        var taken = latencies.SelectMany(l => l).ToArray();
        var failed = taken.Count(double.IsNaN);
        failed += MissingCards(row, connector, cardsBefore, taken.Length - failed);
        return new Measured(taken.Length, Math.Min(taken.Length, failed), elapsed, taken, cpu);
    }

    /// <summary>
    /// Waits until the host has finished what the last row left it (turns the client gave up on, garbage collection):
    /// until it used less than a fifth of a core over half a second, at most <paramref name="limit"/>.
    /// </summary>
    public static async Task SettleAsync(HostProcess host, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            var before = host.CpuTime();
            await Task.Delay(500);
            if (host.CpuTime() - before < TimeSpan.FromMilliseconds(100))
            {
                return;
            }
        }
    }

    // A typed command is answered with a card through the connector; the bot's error reply is text. Replies that
    // were not cards count as failed turns (card actions are checked on their own response).
    private static int MissingCards(TurnRow row, Connector connector, long cardsBefore, int answered) =>
        row.Kind == TurnKind.Message ? Math.Max(0, answered - (int)(connector.Cards - cardsBefore)) : 0;

    private static async Task<bool> SendAsync(HttpClient client, HostProcess host, Connector connector, TurnRow row, int i, CancellationToken cancellationToken)
    {
        var (user, payload) = row.Turn(i);
        var messages = new Uri(host.BaseUrl, "api/messages");
        if (!messages.IsLoopback)
        {
            throw new InvalidOperationException($"The benchmark sends only to 127.0.0.1, not to {messages}");
        }

        using var content = new StringContent(row.Kind == TurnKind.Message ? Message(connector.ServiceUrl, user, payload) : Invoke(connector.ServiceUrl, user, payload), Encoding.UTF8, "application/json");
        try
        {
            using var response = await client.PostAsync(messages, content, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return false;
            }

            if (row.Kind == TurnKind.Message)
            {
                return true;
            }

            // The card that replaces the one clicked comes back in the invoke response; a text reply is an error.
            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return body.Contains("application/vnd.microsoft.card.adaptive", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return false;
        }
    }

    private static string Message(Uri serviceUrl, string user, string text) => $$$"""
        {"type":"message","id":"{{{Guid.NewGuid():N}}}","channelId":"msteams","serviceUrl":"{{{serviceUrl.AbsoluteUri}}}","locale":"de-DE",
         "text":{{{text}}},"timestamp":"{{{DateTimeOffset.UtcNow:O}}}",
         "from":{"id":"29:{{{user}}}","name":"Bench","aadObjectId":"{{{user}}}"},
         "recipient":{"id":"28:coach-bot","name":"TeamsKiCoach"},
         "conversation":{"id":"a:{{{user}}}","conversationType":"personal","tenantId":"{{{DataSet.Tenant}}}"},
         "channelData":{"tenant":{"id":"{{{DataSet.Tenant}}}"}},
         "entities":[{"type":"clientInfo","locale":"de-DE","timezone":"Europe/Berlin"}]}
        """;

    private static string Invoke(Uri serviceUrl, string user, string action) => $$$"""
        {"type":"invoke","name":"adaptiveCard/action","id":"{{{Guid.NewGuid():N}}}","channelId":"msteams","serviceUrl":"{{{serviceUrl.AbsoluteUri}}}","locale":"de-DE",
         "timestamp":"{{{DateTimeOffset.UtcNow:O}}}","replyToId":"1",
         "from":{"id":"29:{{{user}}}","name":"Bench","aadObjectId":"{{{user}}}"},
         "recipient":{"id":"28:coach-bot","name":"TeamsKiCoach"},
         "conversation":{"id":"a:{{{user}}}","conversationType":"personal","tenantId":"{{{DataSet.Tenant}}}"},
         "channelData":{"tenant":{"id":"{{{DataSet.Tenant}}}"}},
         "value":{"action":{"type":"Action.Execute",{{{action}}}},"trigger":"manual"}}
        """;
}
