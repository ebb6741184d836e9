using Microsoft.Extensions.Configuration;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Pulse;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Backlog;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Backlog.Exchange;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Pulse;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.HostBench;

/// <summary>What the seeded data set holds, and the ids the card actions need.</summary>
internal sealed record DataSet(
    int Entries,
    int Patterns,
    int PulseWeeks,
    int PulseAnswers,
    IReadOnlyList<long> Pilots,
    IReadOnlyList<int> PatternKeys,
    IReadOnlyList<(long Id, string Recipient)> Prompts)
{
    public const string Tenant = "tenant-bench";
    public const string Team = "19:bench-team@thread.tacv2";

    public static string User(int i) => $"bench-user-{i}";

    public static string Describe(DataSet d) =>
        $"{d.Entries:N0} backlog entries in {d.Patterns} patterns, {d.PulseWeeks} weekly pulses with {d.PulseAnswers:N0} answers, {d.Pilots.Count} pilots, {d.Prompts.Count} open daily prompts";

    /// <summary>
    /// Seeds one team through the product's own services, composed as the host composes them (so that seeding keeps
    /// working when the storage under them changes): the install and roster, a personal chat per person, a
    /// generated backlog through the backlog import, a year of weekly pulses (planned as a lead asks for them, answered by
    /// members), patterns checked and confirmed as fit, pilots proposed, approved and started, and daily prompts
    /// planned over the last days. The clock walks through the year.
    /// A tenth of the team answers each pulse.
    /// </summary>
    public static async Task<DataSet> SeedAsync(IReadOnlyDictionary<string, string> configuration, Uri serviceUrl, int users, int entries, CancellationToken cancellationToken)
    {
        var clock = new WalkingClock(DateTimeOffset.UtcNow.AddDays(-372));
        await using var app = Compose(configuration, clock);
        var services = app.Services;
        await services.GetRequiredService<CoachDbFactory>().InitializeAsync(cancellationToken);

        var lead = User(0);
        var teams = services.GetRequiredService<TeamDirectory>();
        var conversations = services.GetRequiredService<ConversationDirectory>();
        await teams.RecordInstallAsync(Tenant, Team, "Bench team", lead, cancellationToken);
        var people = Enumerable.Range(0, users).Select(i => new Person(User(i), $"29:{User(i)}", $"Person {i}")).ToList();
        await conversations.AddTeamMembersAsync(Tenant, Team, people, cancellationToken);
        foreach (var person in people)
        {
            await conversations.RecordAsync(
                new ConversationSnapshot(Tenant, $"a:{person.AadObjectId}", ConversationScope.Personal, serviceUrl.AbsoluteUri, "msteams", "28:coach-bot", person, null, "de-DE", "Europe/Berlin"),
                cancellationToken);
        }

        // A year of weekly pulses: the lead plans each week's run, a tenth of the team answers.
        var pulses = services.GetRequiredService<PulseService>();
        int weeks = 0, answers = 0;
        for (var week = 0; week < 52; week++)
        {
            var run = await pulses.PlanNowForTeamAsync(Tenant, Team, lead, cancellationToken);
            if (run.Planned > 0)
            {
                weeks++;
                var runId = (long)weeks;
                for (var i = week % 10; i < users; i += 10)
                {
                    var submitted = await pulses.SubmitAsync(Tenant, User(i), runId, new PulseSubmission(1 + ((i + week) % 5), null, null, "Rechnungen abtippen", false), cancellationToken);
                    answers += submitted is PulseSubmit.Saved or PulseSubmit.Changed ? 1 : 0;
                }
            }

            clock.Advance(TimeSpan.FromDays(7));
        }

        // The backlog, as an admin imports it from a file (the generator of the pattern benchmark, dated over the year).
        var generated = new SyntheticBacklog(seed: 20) { OneOffShare = 0.6 }.Entries(entries);
        var lines = new StringBuilder();
        foreach (var entry in generated)
        {
            lines.Append(JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["text"] = entry.Text,
                ["frequency"] = entry.Frequency.ToString().ToLowerInvariant(),
                ["minutes"] = entry.Minutes,
                ["created"] = clock.GetUtcNow().AddDays(-(entry.Id % 360)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            })).Append('\n');
        }

        var import = await services.GetRequiredService<BacklogExchange>().ImportAsync(Tenant, Team, ImportFile.ReadJsonl(lines.ToString()), cancellationToken);

        // The patterns as the team sees them; the most mentioned ones are checked, confirmed as fit and piloted.
        var assessments = services.GetRequiredService<AssessmentService>();
        var patterns = await assessments.PatternsAsync(Tenant, lead, Team, cancellationToken) ?? [];
        var pilots = new List<long>();
        var proposals = services.GetRequiredService<PilotProposals>();
        var steps = services.GetRequiredService<PilotSteps>();
        var actor = new PilotActor(lead, "Person 0");
        foreach (var pattern in patterns.OrderByDescending(p => p.Pattern.Entries.Count).Take(4))
        {
            if (await assessments.OpenAsync(Tenant, lead, Team, pattern.Pattern.Key, AssessmentText.German, cancellationToken) is not AssessmentOpening.Ready ready)
            {
                continue;
            }

            await assessments.ConfirmAsync(Tenant, lead, "Person 0", ready.Assessment.Id, cancellationToken);
            var proposal = new PilotProposal(pattern.Pattern.Key, pattern.Pattern.Title, "Ein Skript liest die Rechnungen ein", "Die Freigabe", "Buchhaltung", actor, null, false);
            if (await proposals.ProposeAsync(Tenant, actor, Team, proposal, cancellationToken) is ProposeOutcome.Proposed proposed)
            {
                pilots.Add(proposed.View.Pilot.Id);
                await steps.ActAsync(Tenant, actor, proposed.View.Pilot.Id, PilotStep.Approve, null, null, cancellationToken);
                await steps.ActAsync(Tenant, actor, proposed.View.Pilot.Id, PilotStep.Start, null, null, cancellationToken);
            }
        }

        // Daily prompts over the last days, as a lead sends them now; each open prompt can be answered once.
        var planner = services.GetRequiredService<PromptPlanner>();
        var promptAnswers = services.GetRequiredService<PromptAnswers>();
        // At nine in the morning in Berlin: outside the quiet hours.
        clock.Set(new DateTimeOffset(DateTimeOffset.UtcNow.UtcDateTime.Date.AddDays(-8).AddHours(8), TimeSpan.Zero));
        for (var day = 0; day < 8; day++)
        {
            await planner.PlanNowForTeamAsync(Tenant, Team, lead, cancellationToken);
            clock.Advance(TimeSpan.FromDays(1));
        }

        // Prompt ids are not handed out by the planner; they are read back one by one from the first on.
        var prompts = new List<(long, string)>();
        for (long id = 1, misses = 0; misses < 50; id++)
        {
            if (await promptAnswers.FindAsync(Tenant, id, cancellationToken) is { } prompt)
            {
                prompts.Add((id, prompt.RecipientAadObjectId));
                misses = 0;
            }
            else
            {
                misses++;
            }
        }

        var keys = (await assessments.PatternsAsync(Tenant, lead, Team, cancellationToken) ?? []).Select(p => p.Pattern.Key).ToList();
        return new DataSet(import.Imported, keys.Count, weeks, answers, pilots, keys, prompts);
    }

    /// <summary>
    /// A second team of <paramref name="people"/> members with personal chats, in a time zone where it is day now,
    /// and a prompt for each planned now (as its lead asks for it): what the host then fans out. The prompt ids, read back.
    /// </summary>
    public static async Task<IReadOnlyList<long>> SeedFanoutAsync(
        IReadOnlyDictionary<string, string> configuration, Uri serviceUrl, int people, long afterPrompt, CancellationToken cancellationToken)
    {
        var clock = new WalkingClock(DateTimeOffset.UtcNow);
        await using var app = Compose(configuration, clock);
        var services = app.Services;
        const string team = "19:bench-fanout@thread.tacv2";
        var zone = new[] { "Europe/Berlin", "America/New_York", "America/Los_Angeles", "Pacific/Auckland", "Asia/Tokyo", "Asia/Kolkata" }
            .First(z => TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById(z)).Hour is >= 9 and <= 15);
        var conversations = services.GetRequiredService<ConversationDirectory>();
        await services.GetRequiredService<TeamDirectory>().RecordInstallAsync(Tenant, team, "Fan-out team", "fan-user-0", cancellationToken);
        var members = Enumerable.Range(0, people).Select(i => new Person($"fan-user-{i}", $"29:fan-user-{i}", $"Fan {i}")).ToList();
        await conversations.AddTeamMembersAsync(Tenant, team, members, cancellationToken);
        foreach (var person in members)
        {
            await conversations.RecordAsync(
                new ConversationSnapshot(Tenant, $"a:{person.AadObjectId}", ConversationScope.Personal, serviceUrl.AbsoluteUri, "msteams", "28:coach-bot", person, null, "de-DE", zone),
                cancellationToken);
        }

        await services.GetRequiredService<PromptPlanner>().PlanNowForTeamAsync(Tenant, team, "fan-user-0", cancellationToken);
        var answers = services.GetRequiredService<PromptAnswers>();
        var ids = new List<long>();
        for (long id = afterPrompt + 1, misses = 0; misses < 50; id++)
        {
            if (await answers.FindAsync(Tenant, id, cancellationToken) is { TeamId: team })
            {
                ids.Add(id);
                misses = 0;
            }
            else
            {
                misses++;
            }
        }

        return ids;
    }

    // The services as the host composes them, on a clock of the seeding's own.
    private static WebApplication Compose(IReadOnlyDictionary<string, string> configuration, TimeProvider clock)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Development", ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(configuration.Select(kv => new KeyValuePair<string, string?>(kv.Key.Replace("__", ":", StringComparison.Ordinal), kv.Value)));
        builder.AddCoaching();
        builder.Services.AddSingleton(clock);
        return builder.Build();
    }

    private sealed class WalkingClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset now = start;

        public override DateTimeOffset GetUtcNow() => now;

        public void Advance(TimeSpan by) => now += by;

        public void Set(DateTimeOffset to) => now = to;
    }
}
