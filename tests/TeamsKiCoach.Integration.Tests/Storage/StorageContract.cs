using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.People;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Storage;

/// <summary>What storage must do on every provider. Each provider runs these against a real database.</summary>
public abstract class StorageContract(StorageProvider provider) : IAsyncLifetime
{
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));
    private TestDatabase database = null!;
    private CoachDbFactory dbFactory = null!;

    private ConversationDirectory Directory => new(dbFactory, clock);

    public async Task InitializeAsync()
    {
        database = TestDatabase.Create(provider);
        dbFactory = await database.OpenAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    private static ConversationSnapshot Personal(string tenant, string conversation, string aad, string? locale = "de-DE", string? zone = "Europe/Berlin") =>
        new(tenant, conversation, ConversationScope.Personal, "https://smba.example/emea/", "msteams", "28:bot",
            new Person(aad, $"29:{aad}", "Anna Becker"), null, locale, zone);

    [Fact]
    public async Task TheMigrationsDescribeTheWholeModel()
    {
        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);

        Assert.False(db.Database.HasPendingModelChanges(), "The model changed without a migration: see src/ARCHITECTURE.md, Changing the schema.");
        Assert.Empty(await db.Database.GetPendingMigrationsAsync());
    }

    [Fact]
    public async Task MigratingAnUpToDateDatabaseAgainChangesNothing()
    {
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);

        await dbFactory.InitializeAsync(default);

        Assert.NotNull(await Directory.FindAsync("tenant-a", "a:1", default));
    }

    [Fact]
    public async Task StoresAConversationReferenceWithEverythingNeededToReachThePersonLater()
    {
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);

        var stored = await Directory.FindAsync("tenant-a", "a:1", default);

        Assert.NotNull(stored);
        Assert.Equal("https://smba.example/emea/", stored.ServiceUrl);
        Assert.Equal("aad-anna", stored.UserAadObjectId);
        Assert.Equal("29:aad-anna", stored.TeamsUserId);
        Assert.Equal("de-DE", stored.Locale);
        Assert.Equal("Europe/Berlin", stored.TimeZone);
        Assert.Equal(ConversationScope.Personal, stored.Scope);
        Assert.Equal(clock.GetUtcNow(), stored.FirstSeenAt);
    }

    [Fact]
    public async Task TheLookupOfEveryTurnReadsEachConversationAsEfCoreDoes()
    {
        // Every shape a record takes: a personal chat with everything, a channel without bot id, locale and zone,
        // a welcomed chat (a second date), an uninstalled one, and one seen again later from another region.
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);
        await Directory.RecordAsync(new ConversationSnapshot("tenant-a", "19:general@thread.tacv2", ConversationScope.Channel,
            "https://smba.example/emea/", "msteams", null, new Person("aad-ben", null, "Ben"), "team-1", null, null), default);
        await Directory.RecordAsync(Personal("tenant-a", "a:2", "aad-cem", locale: "en-GB", zone: "Asia/Kolkata"), default);
        Assert.True(await Directory.TryClaimWelcomeAsync("tenant-a", "a:2", default));
        await Directory.RecordAsync(Personal("tenant-a", "a:3", "aad-dana", locale: null, zone: null), default);
        await Directory.MarkUninstalledAsync("tenant-a", "a:3", default);
        clock.Advance(TimeSpan.FromHours(3));
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna") with { ServiceUrl = "https://smba.example/amer/" }, default);

        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        var byEf = await db.Conversations.AsNoTracking().OrderBy(c => c.Id).ToListAsync();
        Assert.Equal(4, byEf.Count);

        // Each property holds something other than its default in at least one row, or comparing it proves nothing:
        // a property added to the record fails here until these rows and the lookup have it.
        foreach (var property in typeof(ConversationRecord).GetProperties())
        {
            var unset = property.PropertyType.IsValueType ? Activator.CreateInstance(property.PropertyType) : null;
            Assert.True(byEf.Any(c => !Equals(property.GetValue(c), unset)), $"No row sets {property.Name}.");
        }

        foreach (var expected in byEf)
        {
            var found = await ConversationLookup.FindAsync(db, expected.ConversationId, null, default);

            Assert.NotNull(found);
            foreach (var property in typeof(ConversationRecord).GetProperties())
            {
                Assert.True(Equals(property.GetValue(expected), property.GetValue(found.Value.Record)),
                    $"{expected.ConversationId}.{property.Name}: EF Core read {property.GetValue(expected)}, the lookup {property.GetValue(found.Value.Record)}");
            }

            Assert.False(found.Value.Unreachable);
        }

        Assert.Null(await ConversationLookup.FindAsync(db, "a:unknown", null, default));
    }

    [Fact]
    public async Task TheLookupOfEveryTurnStaysInItsTenant()
    {
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);
        await Directory.RecordAsync(Personal("tenant-b", "a:1", "aad-anna", locale: "en-US"), default);
        await Directory.RecordAsync(Personal("tenant-b", "b:only", "aad-bo"), default);
        var preferences = new PersonPreferences(dbFactory, clock);
        await preferences.PauseAsync("tenant-a", "aad-anna", default); // settings in tenant-a, but no mark
        await preferences.MarkUnreachableAsync("tenant-b", "aad-anna", "403", default);
        await preferences.MarkUnreachableAsync("tenant-a", "aad-cem", "404", default);

        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        var found = await ConversationLookup.FindAsync(db, "a:1", "aad-anna", default);

        Assert.NotNull(found);
        Assert.Equal(("tenant-a", "de-DE"), (found.Value.Record.TenantId, found.Value.Record.Locale));
        Assert.False(found.Value.Unreachable); // Anna is marked only in tenant-b; her settings in tenant-a have no mark.
        Assert.True((await ConversationLookup.FindAsync(db, "a:1", "aad-cem", default))?.Unreachable);
        Assert.Null(await ConversationLookup.FindAsync(db, "b:only", null, default));
    }

    [Fact]
    public async Task WritingAgainClearsAnUnreachableMarkThatTheLookupFound()
    {
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);
        var preferences = new PersonPreferences(dbFactory, clock);
        await preferences.MarkUnreachableAsync("tenant-a", "aad-anna", "403", default);
        await using (var db = await dbFactory.ForTenantAsync("tenant-a", default))
        {
            Assert.True((await ConversationLookup.FindAsync(db, "a:1", "aad-anna", default))?.Unreachable);
        }

        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default, backInTouch: "aad-anna");

        Assert.Null((await preferences.FindAsync("tenant-a", "aad-anna", default))?.UnreachableSince);
    }

    [Fact]
    public async Task ALaterActivityUpdatesTheReferenceButKeepsWhatItDoesNotKnow()
    {
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);
        clock.Advance(TimeSpan.FromHours(2));
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna", locale: "en-GB", zone: null) with { ServiceUrl = "https://smba.example/amer/" }, default);

        var stored = await Directory.FindAsync("tenant-a", "a:1", default);

        Assert.Equal("https://smba.example/amer/", stored!.ServiceUrl);
        Assert.Equal("en-GB", stored.Locale);
        Assert.Equal("Europe/Berlin", stored.TimeZone);
        Assert.Equal(clock.GetUtcNow(), stored.LastSeenAt);
        Assert.True(stored.LastSeenAt > stored.FirstSeenAt);
    }

    [Fact]
    public async Task AnotherMessageWithinTheHourKeepsTheLastSeenTimeAndWritesNothing()
    {
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);
        var first = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(20));

        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);

        Assert.Equal(first, (await Directory.FindAsync("tenant-a", "a:1", default))!.LastSeenAt);

        // Something new about the conversation is written at once, and with it the time.
        clock.Advance(TimeSpan.FromMinutes(5));
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna", locale: "en-GB"), default);
        var stored = await Directory.FindAsync("tenant-a", "a:1", default);
        Assert.Equal("en-GB", stored!.Locale);
        Assert.Equal(clock.GetUtcNow(), stored.LastSeenAt);

        clock.Advance(ConversationDirectory.LastSeenStep);
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna", locale: "en-GB"), default);
        Assert.Equal(clock.GetUtcNow(), (await Directory.FindAsync("tenant-a", "a:1", default))!.LastSeenAt);
    }

    [Fact]
    public async Task EachThingAMessageTellsAnewIsWrittenAtOnceWithinTheHour()
    {
        var current = Personal("tenant-a", "a:1", "aad-anna");
        await Directory.RecordAsync(current, default);

        // One thing new at a time, each message keeping what the ones before told.
        (string What, Func<ConversationSnapshot, ConversationSnapshot> Change, Func<ConversationRecord, object?> Read, object Expected)[] changes =
        [
            ("service URL", c => c with { ServiceUrl = "https://smba.example/amer/" }, r => r.ServiceUrl, "https://smba.example/amer/"),
            ("channel", c => c with { ChannelId = "msteams-gov" }, r => r.ChannelId, "msteams-gov"),
            ("bot id", c => c with { BotId = "28:bot-2" }, r => r.BotId, "28:bot-2"),
            ("team id", c => c with { TeamId = "team-1" }, r => r.TeamId, "team-1"),
            ("Teams user id", c => c with { From = new Person("aad-anna", "29:anna-new", "Anna Becker") }, r => r.TeamsUserId, "29:anna-new"),
            ("locale", c => c with { Locale = "en-GB" }, r => r.Locale, "en-GB"),
            ("time zone", c => c with { TimeZone = "Europe/Vienna" }, r => r.TimeZone, "Europe/Vienna"),
            ("scope", c => c with { Scope = ConversationScope.GroupChat }, r => r.Scope, ConversationScope.GroupChat),
        ];

        foreach (var (what, change, read, expected) in changes)
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            current = change(current);
            await Directory.RecordAsync(current, default);

            var stored = (await Directory.FindAsync("tenant-a", "a:1", default))!;
            Assert.True(Equals(expected, read(stored)), $"{what}: stored {read(stored)}, expected {expected}");
            Assert.Equal(clock.GetUtcNow(), stored.LastSeenAt);
        }

        // The same message once more tells nothing new: nothing is written.
        var last = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromMinutes(1));
        await Directory.RecordAsync(current, default);
        Assert.Equal(last, (await Directory.FindAsync("tenant-a", "a:1", default))!.LastSeenAt);
    }

    [Fact]
    public async Task SomeoneTeamsCouldNotReachIsBackWhenTheyWriteEvenFromANewChat()
    {
        var preferences = new PersonPreferences(dbFactory, clock);
        await preferences.MarkUnreachableAsync("tenant-a", "aad-anna", "HTTP 403", default);
        await preferences.MarkUnreachableAsync("tenant-b", "aad-anna", "HTTP 403", default);

        // A conversation the bot has never seen: the mark is cleared with the first record of it.
        await Directory.RecordAsync(Personal("tenant-a", "a:new", "aad-anna"), default, backInTouch: "aad-anna");

        Assert.Null((await preferences.FindAsync("tenant-a", "aad-anna", default))!.UnreachableSince);
        Assert.Null((await preferences.FindAsync("tenant-a", "aad-anna", default))!.UnreachableReason);
        Assert.NotNull((await preferences.FindAsync("tenant-b", "aad-anna", default))!.UnreachableSince);

        // A known conversation: the same, in the one read the message makes.
        await preferences.MarkUnreachableAsync("tenant-a", "aad-anna", "HTTP 404", default);
        await Directory.RecordAsync(Personal("tenant-a", "a:new", "aad-anna"), default, backInTouch: "aad-anna");
        Assert.Null((await preferences.FindAsync("tenant-a", "aad-anna", default))!.UnreachableSince);
    }

    [Fact]
    public async Task OnePersonsTeamsSettingsAndNextPromptComeFromTheirOwnTenantOnly()
    {
        // The compiled one-person questions of "status", on both providers, with the same people in two tenants.
        var teams = new TeamDirectory(dbFactory, clock);
        var preferences = new PersonPreferences(dbFactory, clock);
        var planner = new PromptPlanner(dbFactory, clock);
        foreach (var (tenant, zone) in new[] { ("tenant-a", "Europe/Berlin"), ("tenant-b", "America/New_York") })
        {
            await teams.RecordInstallAsync(tenant, "team-1", $"Vertrieb {tenant}", "aad-anna", default);
            await Directory.RecordAsync(Personal(tenant, $"a:{tenant}", "aad-anna", zone: zone), default);
            await Directory.RecordAsync(new ConversationSnapshot(tenant, $"19:{tenant}@thread.tacv2", ConversationScope.Channel, "https://smba.example/emea/", "msteams", "28:bot",
                new Person("aad-ben", "29:aad-ben", "Ben Krüger"), "team-1", "de-DE", null), default);
        }

        await preferences.SetPromptTimeAsync("tenant-b", "aad-anna", new TimeOnly(14, 0), default);

        Assert.Equal(["Vertrieb tenant-a"], (await teams.LedByAsync("tenant-a", "aad-anna", default)).Select(t => t.Name));
        Assert.Empty(await teams.LedByAsync("tenant-a", "aad-ben", default));
        Assert.Equal(["Vertrieb tenant-b"], (await teams.MemberOfAsync("tenant-b", "aad-ben", default)).Select(t => t.Name));
        Assert.Null(await preferences.FindAsync("tenant-a", "aad-anna", default));
        Assert.Equal(new TimeOnly(14, 0), (await preferences.FindAsync("tenant-b", "aad-anna", default))!.PromptTime);
        Assert.Equal("Europe/Berlin", (await planner.ZoneOfAsync("tenant-a", "aad-anna", default)).Id);
        Assert.Equal("America/New_York", (await planner.ZoneOfAsync("tenant-b", "aad-anna", default)).Id);

        var next = (await planner.OutlookAsync("tenant-b", "aad-anna", default)).Next;
        Assert.NotNull(next);
        Assert.Equal("America/New_York", next.Value.Zone.Id);
        Assert.Equal(new TimeOnly(14, 0), TimeOnly.FromDateTime(TimeZoneInfo.ConvertTime(next.Value.Due, next.Value.Zone).DateTime));
        Assert.Null((await planner.OutlookAsync("tenant-a", "aad-nobody", default)).Next);
    }

    [Fact]
    public async Task AContextFromThePoolForgetsTheTenantItServedBefore()
    {
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);
        for (var round = 0; round < 20; round++)
        {
            await using (var a = await dbFactory.ForTenantAsync("tenant-a", default))
            {
                Assert.Single(await a.Conversations.ToListAsync());
            }

            await using (var b = await dbFactory.ForTenantAsync("tenant-b", default))
            {
                Assert.Empty(await b.Conversations.ToListAsync());
            }

            await using var system = await dbFactory.ForSystemAsync(default);
            Assert.Equal(string.Empty, system.TenantId);
            system.Conversations.Add(new ConversationRecord { TenantId = "tenant-a", ConversationId = $"a:system-{round}", ServiceUrl = "https://smba.example/", ChannelId = "msteams" });
            await Assert.ThrowsAsync<InvalidOperationException>(() => system.SaveChangesAsync());
        }
    }

    [Fact]
    public async Task ATenantNeverSeesAnotherTenantsRows()
    {
        await Directory.RecordAsync(Personal("tenant-a", "shared-id", "aad-anna"), default);
        await Directory.AddTeamMembersAsync("tenant-a", "team-1", [new Person("aad-anna", null, "Anna")], default);
        await new PersonPreferences(dbFactory, clock).PauseAsync("tenant-a", "aad-anna", default);

        Assert.Null(await Directory.FindAsync("tenant-b", "shared-id", default));
        Assert.Empty(await Directory.RosterAsync("tenant-b", "team-1", default));
        Assert.Null(await new PersonPreferences(dbFactory, clock).FindAsync("tenant-b", "aad-anna", default));

        await using var db = await dbFactory.ForTenantAsync("tenant-b", default);
        Assert.Equal(0, await db.Conversations.CountAsync());
        Assert.Equal(0, await db.TeamMembers.CountAsync());
        Assert.Equal(0, await db.PersonSettings.CountAsync());
    }

    [Fact]
    public async Task TheSameConversationIdInTwoTenantsIsTwoSeparateRecords()
    {
        await Directory.RecordAsync(Personal("tenant-a", "same", "aad-anna"), default);
        await Directory.RecordAsync(Personal("tenant-b", "same", "aad-bernd"), default);

        Assert.Equal("aad-anna", (await Directory.FindAsync("tenant-a", "same", default))!.UserAadObjectId);
        Assert.Equal("aad-bernd", (await Directory.FindAsync("tenant-b", "same", default))!.UserAadObjectId);
    }

    [Fact]
    public async Task SavingARowOfAnotherTenantFailsAndWritesNothing()
    {
        await using (var db = await dbFactory.ForTenantAsync("tenant-a", default))
        {
            db.PersonSettings.Add(new PersonSettings { TenantId = "tenant-b", AadObjectId = "aad-x" });
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        await using var other = await dbFactory.ForTenantAsync("tenant-b", default);
        Assert.Equal(0, await other.PersonSettings.CountAsync());
    }

    [Fact]
    public async Task TheWelcomeIsClaimedOnceEvenWhenTwoInstallEventsArriveTogether()
    {
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);

        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Directory.TryClaimWelcomeAsync("tenant-a", "a:1", default)));

        Assert.Equal(1, claims.Count(c => c));
    }

    [Fact]
    public async Task UninstallAllowsAnotherWelcomeOnReinstall()
    {
        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);
        Assert.True(await Directory.TryClaimWelcomeAsync("tenant-a", "a:1", default));

        await Directory.MarkUninstalledAsync("tenant-a", "a:1", default);
        Assert.False((await Directory.FindAsync("tenant-a", "a:1", default))!.Installed);

        await Directory.RecordAsync(Personal("tenant-a", "a:1", "aad-anna"), default);
        Assert.True((await Directory.FindAsync("tenant-a", "a:1", default))!.Installed);
        Assert.True(await Directory.TryClaimWelcomeAsync("tenant-a", "a:1", default));
    }

    [Fact]
    public async Task TheRosterKeepsEachPersonOnceAndForgetsWhoLeft()
    {
        await Directory.AddTeamMembersAsync("tenant-a", "team-1",
            [new Person("aad-anna", "29:a", "Anna"), new Person("aad-bernd", "29:b", "Bernd"), new Person("aad-anna", "29:a", "Anna B.")], default);
        await Directory.AddTeamMembersAsync("tenant-a", "team-1", [new Person("aad-carla", "29:c", "Carla")], default);
        await Directory.RemoveTeamMembersAsync("tenant-a", "team-1", ["aad-bernd"], default);

        var roster = await Directory.RosterAsync("tenant-a", "team-1", default);

        Assert.Equal(["aad-anna", "aad-carla"], roster.Select(m => m.AadObjectId));
        Assert.Equal("Anna B.", roster[0].Name);
    }

    [Fact]
    public async Task AMessageInATeamChannelPutsTheSenderOnTheRoster()
    {
        var snapshot = new ConversationSnapshot("tenant-a", "19:general", ConversationScope.Channel, "https://smba.example/", "msteams", "28:bot",
            new Person("aad-dana", "29:d", "Dana"), "team-1", "de-DE", null);

        await Directory.RecordAsync(snapshot, default);
        await Directory.RecordAsync(snapshot, default);

        Assert.Equal(["aad-dana"], (await Directory.RosterAsync("tenant-a", "team-1", default)).Select(m => m.AadObjectId));
    }

    [Fact]
    public async Task ConcurrentFirstMessagesOfOneConversationLeaveOneRecord()
    {
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Directory.RecordAsync(Personal("tenant-a", "a:race", "aad-anna"), default)));

        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        Assert.Equal(1, await db.Conversations.CountAsync(c => c.ConversationId == "a:race"));
    }

    private async Task<BacklogService> BacklogTeamAsync(string tenant = "tenant-a")
    {
        await new TeamDirectory(dbFactory, clock).RecordInstallAsync(tenant, "team-1", "Vertrieb", "aad-lead", default);
        await Directory.AddTeamMembersAsync(tenant, "team-1", [new Person("aad-anna", "29:aad-anna", "Anna"), new Person("aad-bernd", "29:aad-bernd", "Bernd")], default);
        return new BacklogService(dbFactory, new TeamDirectory(dbFactory, clock), new LexicalPatternGrouper(), clock);
    }

    private async Task<int> CaptureAsync(BacklogService backlogs, string text, string author = "aad-anna", string tenant = "tenant-a")
    {
        var result = await backlogs.CaptureAsync(tenant, author, "team-1", text, anonymous: false, BacklogService.NewCaptureKey(), default);
        return Assert.IsType<CaptureResult.Recorded>(result).Entry.Number;
    }

    private async Task<TeamBacklog> ReloadAsync(string tenant = "tenant-a")
    {
        await using var db = await dbFactory.ForTenantAsync(tenant, default);
        return await StoredBacklog.LoadAsync(db, "team-1", new LexicalPatternGrouper(), default);
    }

    [Fact]
    public async Task ALeadsMergeAndSplitAreStoredAndAppliedInTheOrderDecided()
    {
        var backlogs = await BacklogTeamAsync();
        var invoices = await CaptureAsync(backlogs, "Rechnungen von Hand abtippen");
        var printer = await CaptureAsync(backlogs, "Drucker im Lager streikt", "aad-bernd");
        Assert.NotEqual((await ReloadAsync()).PatternOf(invoices)!.Key, (await ReloadAsync()).PatternOf(printer)!.Key);

        Assert.Equal(PatternChange.NotLead, await backlogs.MergeAsync("tenant-a", "aad-anna", "team-1", invoices, printer, default));
        Assert.Equal(PatternChange.Done, await backlogs.MergeAsync("tenant-a", "aad-lead", "team-1", invoices, printer, default));
        var merged = await ReloadAsync();
        Assert.Equal(merged.PatternOf(invoices)!.Key, merged.PatternOf(printer)!.Key);
        Assert.Equal(2, merged.PatternOf(printer)!.Pattern.People);

        Assert.Equal(PatternChange.Done, await backlogs.SplitAsync("tenant-a", "aad-lead", "team-1", printer, default));
        var split = await ReloadAsync();
        Assert.NotEqual(split.PatternOf(invoices)!.Key, split.PatternOf(printer)!.Key);
        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        Assert.Equal([DecisionKind.Merge, DecisionKind.Split], await db.GroupingDecisions.OrderBy(d => d.Id).Select(d => d.Kind).ToListAsync());
        Assert.All(await db.GroupingDecisions.ToListAsync(), d => Assert.Equal("aad-lead", d.DecidedByAadObjectId));
    }

    [Fact]
    public async Task AWithdrawnEntryLeavesItsPatternAndKeepsItsNumber()
    {
        var backlogs = await BacklogTeamAsync();
        var first = await CaptureAsync(backlogs, "Rechnungen von Hand abtippen");
        await CaptureAsync(backlogs, "Rechnung per Hand abtippen nervt", "aad-bernd");

        Assert.Equal(EntryChange.NotYours, await backlogs.WithdrawAsync("tenant-a", "aad-bernd", "team-1", first, default));
        Assert.Equal(EntryChange.Done, await backlogs.WithdrawAsync("tenant-a", "aad-anna", "team-1", first, default));
        var third = await CaptureAsync(backlogs, "Urlaubsanträge auf Papier");

        var backlog = await ReloadAsync();
        Assert.Equal(3, third);
        Assert.Null(backlog.PatternOf(first));
        Assert.Equal([2, 3], backlog.Entries.Select(e => e.Number));
        Assert.Equal(1, backlog.PatternOf(2)!.Pattern.Mentions);
    }

    [Fact]
    public async Task TheSameCaptureArrivingTwiceAtOnceStoresOneEntry()
    {
        var backlogs = await BacklogTeamAsync();
        var key = BacklogService.NewCaptureKey();

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            backlogs.CaptureAsync("tenant-a", "aad-anna", "team-1", "Rechnungen abtippen", anonymous: false, key, default)));

        Assert.Single(results.OfType<CaptureResult.Recorded>());
        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        Assert.Equal(1, await db.BacklogEntries.CountAsync());
    }

    [Fact]
    public async Task AffectsMeTooTappedTwiceAtOnceCountsOnce()
    {
        var backlogs = await BacklogTeamAsync();
        var invoices = await CaptureAsync(backlogs, "Rechnungen von Hand abtippen");

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => backlogs.PlusOneAsync("tenant-a", "aad-bernd", "team-1", invoices, default)));

        Assert.Single(results, r => r == PatternChange.Done);
        Assert.All(results.Where(r => r != PatternChange.Done), r => Assert.Equal(PatternChange.AlreadyCounted, r));
        var pattern = (await ReloadAsync()).PatternOf(invoices)!.Pattern;
        Assert.Equal((2, 2), (pattern.Mentions, pattern.People));
    }

    [Fact]
    public async Task AnotherTenantSeesNeitherTheEntriesNorTheDecisionsOfATeam()
    {
        var backlogs = await BacklogTeamAsync();
        var a = await CaptureAsync(backlogs, "Rechnungen von Hand abtippen");
        var b = await CaptureAsync(backlogs, "Drucker im Lager streikt");
        await backlogs.MergeAsync("tenant-a", "aad-lead", "team-1", a, b, default);

        var foreign = await ReloadAsync("tenant-b");

        Assert.Empty(foreign.Entries);
        Assert.Null(await backlogs.ViewAsync("tenant-b", "aad-anna", "team-1", default));
        Assert.Equal(PatternChange.NotLead, await backlogs.MergeAsync("tenant-b", "aad-lead", "team-1", a, b, default));
        await using var db = await dbFactory.ForTenantAsync("tenant-b", default);
        Assert.Empty(await db.GroupingDecisions.ToListAsync());
    }

    [Fact]
    public async Task TwoPeopleConfirmingOneAssessmentAtTheSameInstantMakeExactlyOneDecision()
    {
        var backlogs = new BacklogService(dbFactory, new TeamDirectory(dbFactory, clock), new LexicalPatternGrouper(), clock);
        var assessments = new AssessmentService(dbFactory, new LexicalPatternGrouper(), new RuleAssessmentEngine(), clock);
        for (var round = 0; round < 20; round++)
        {
            // A team of its own each round, so that each round checks a pattern nobody has decided yet.
            var team = $"team-{round}";
            await new TeamDirectory(dbFactory, clock).RecordInstallAsync("tenant-a", team, "Vertrieb", "aad-lead", default);
            await Directory.AddTeamMembersAsync("tenant-a", team, [new Person("aad-anna", "29:aad-anna", "Anna"), new Person("aad-bernd", "29:aad-bernd", "Bernd")], default);
            var captured = await backlogs.CaptureAsync("tenant-a", "aad-anna", team, "Rechnungen von Hand ins ERP abtippen", anonymous: false, BacklogService.NewCaptureKey(), default);
            var number = Assert.IsType<CaptureResult.Recorded>(captured).Entry.Number;
            var opened = Assert.IsType<AssessmentOpening.Ready>(await assessments.OpenAsync("tenant-a", "aad-anna", team, number, AssessmentText.German, default));
            using var start = new Barrier(2);
            var results = await Task.WhenAll(
                Task.Run(() => { start.SignalAndWait(); return assessments.ConfirmAsync("tenant-a", "aad-anna", "Anna", opened.Assessment.Id, default); }),
                Task.Run(() => { start.SignalAndWait(); return assessments.KeepWithPeopleAsync("tenant-a", "aad-bernd", "Bernd", opened.Assessment.Id, default); }));

            Assert.Contains(results, r => r.Change == AssessmentChange.Done);
            await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
            var stored = await db.PatternAssessments.AsNoTracking().SingleAsync(a => a.Id == opened.Assessment.Id);
            var audits = await db.AuditRecords.AsNoTracking().Where(a => a.SubjectId == AssessmentService.Id(stored)).ToListAsync();
            // Keeping with people may follow a confirmation (a later correction), never the other way round; each
            // decision that was told "done" has exactly one audit row, and the last one is what is stored.
            Assert.Equal(results.Count(r => r.Change == AssessmentChange.Done), audits.Count);
            Assert.Equal(audits[^1].ActorAadObjectId, stored.ConfirmedByAadObjectId);
        }
    }

    [Fact]
    public async Task AnAssessmentOfOneTenantCannotBeSeenOrConfirmedFromAnother()
    {
        var backlogs = await BacklogTeamAsync();
        await BacklogTeamAsync("tenant-b");
        var assessments = new AssessmentService(dbFactory, new LexicalPatternGrouper(), new RuleAssessmentEngine(), clock);
        var number = await CaptureAsync(backlogs, "Rechnungen von Hand ins ERP abtippen");
        var opened = Assert.IsType<AssessmentOpening.Ready>(await assessments.OpenAsync("tenant-a", "aad-anna", "team-1", number, AssessmentText.German, default));

        Assert.Null(await assessments.ViewAsync("tenant-b", "aad-anna", opened.Assessment.Id, default));
        Assert.Equal(AssessmentChange.NotFound, (await assessments.ConfirmAsync("tenant-b", "aad-anna", "Anna", opened.Assessment.Id, default)).Change);
        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        Assert.Equal(AssessmentStatus.Suggested, (await db.PatternAssessments.SingleAsync()).Status);
        Assert.Empty(await db.AuditRecords.ToListAsync());
    }

    [Fact]
    public async Task PauseAndResumeAreRememberedAndSayWhatChanged()
    {
        var preferences = new PersonPreferences(dbFactory, clock);

        Assert.Equal(PauseChange.WasNotPaused, await preferences.ResumeAsync("tenant-a", "aad-anna", default));
        Assert.Equal(PauseChange.Paused, await preferences.PauseAsync("tenant-a", "aad-anna", default));
        Assert.Equal(PauseChange.AlreadyPaused, await preferences.PauseAsync("tenant-a", "aad-anna", default));
        Assert.True((await preferences.FindAsync("tenant-a", "aad-anna", default))!.IsPaused);
        Assert.Equal(PauseChange.Resumed, await preferences.ResumeAsync("tenant-a", "aad-anna", default));
        Assert.False((await preferences.FindAsync("tenant-a", "aad-anna", default))!.IsPaused);
    }
}

public sealed class SqliteStorageTests() : StorageContract(StorageProvider.Sqlite)
{
    [Fact]
    public async Task TheSqliteFileRunsInWriteAheadLogMode()
    {
        await using var database = TestDatabase.CreateSqlite();
        var factory = await database.OpenAsync();
        await using var db = await factory.ForTenantAsync("tenant-a", default);
        await db.Database.OpenConnectionAsync();
        await using var command = db.Database.GetDbConnection().CreateCommand();

        command.CommandText = "PRAGMA journal_mode;";
        Assert.Equal("wal", (string?)await command.ExecuteScalarAsync());
        command.CommandText = "PRAGMA busy_timeout;";
        Assert.Equal((long)StorageSetup.SqliteBusyTimeoutMilliseconds, (long)(await command.ExecuteScalarAsync())!);
    }
    [Fact]
    public async Task BeyondTheKeptConnectionsContextsOpenPerQuestionAndStillWork()
    {
        await using var database = TestDatabase.CreateSqlite();
        var factory = await database.OpenAsync();
        var held = new List<CoachDbContext>();
        for (var i = 0; i <= KeptSqliteConnections.MaxKept; i++)
        {
            held.Add(await factory.ForTenantAsync("tenant-a", default));
        }

        Assert.All(held.Take(KeptSqliteConnections.MaxKept), db => Assert.Equal(ConnectionState.Open, db.Database.GetDbConnection().State));
        var beyond = held[^1];
        Assert.Equal(ConnectionState.Closed, beyond.Database.GetDbConnection().State);
        beyond.Teams.Add(new TeamRecord { TenantId = "tenant-a", TeamId = "team-beyond", Name = "Lager" });
        await beyond.SaveChangesAsync();
        Assert.True(await held[0].Teams.AnyAsync(t => t.TeamId == "team-beyond"));
        Assert.Equal(ConnectionState.Closed, beyond.Database.GetDbConnection().State);
        foreach (var db in held)
        {
            await db.DisposeAsync();
        }
    }

    [Fact]
    public async Task APooledContextKeepsItsOpenConnectionAndARentsUnfinishedWorkEndsWithIt()
    {
        await using var database = TestDatabase.CreateSqlite();
        var factory = await database.OpenAsync();
        DbConnection kept;
        await using (var first = await factory.ForTenantAsync("tenant-a", default))
        {
            kept = first.Database.GetDbConnection();
            Assert.Equal(ConnectionState.Open, kept.State);

            // A rent that ends in the middle of its transaction: what it wrote is not kept.
            await using var transaction = await first.Database.BeginTransactionAsync();
            first.Teams.Add(new TeamRecord { TenantId = "tenant-a", TeamId = "team-left-open", Name = "Vertrieb" });
            await first.SaveChangesAsync();
        }

        await using (var second = await factory.ForTenantAsync("tenant-a", default))
        {
            // The pool hands out the same context with its connection still open: no second open, no new registrations.
            Assert.Same(kept, second.Database.GetDbConnection());
            Assert.Equal(ConnectionState.Open, kept.State);
            Assert.Null(second.Database.CurrentTransaction);
            Assert.False(await second.Teams.AnyAsync(t => t.TeamId == "team-left-open"));
            second.Teams.Add(new TeamRecord { TenantId = "tenant-a", TeamId = "team-saved", Name = "Einkauf" });
            await second.SaveChangesAsync();
        }

        await using (var other = await (await database.OpenAsync()).ForTenantAsync("tenant-a", default))
        {
            Assert.True(await other.Teams.AnyAsync(t => t.TeamId == "team-saved"));
        }

        // Stopping the host closes what the storage kept open.
        await database.DisposeAsync();
        Assert.Equal(ConnectionState.Closed, kept.State);
    }

    [Fact]
    public async Task AKeptStatementAnswersTheSameQuestionAgainWithNewValuesAndNewRows()
    {
        await using var database = TestDatabase.CreateSqlite();
        var factory = await database.OpenAsync();
        await using var db = await factory.ForTenantAsync("tenant-a", default);
        var connection = Assert.IsType<StatementKeepingConnection>(db.Database.GetDbConnection());

        async Task<List<string?>> NamesAsync(string prefix) =>
            await db.Teams.AsNoTracking().Where(t => t.TeamId.StartsWith(prefix)).OrderBy(t => t.TeamId).Select(t => t.Name).ToListAsync();

        Assert.Empty(await NamesAsync("team-"));
        var keptBeforeWrite = connection.KeptStatements;
        db.Teams.Add(new TeamRecord { TenantId = "tenant-a", TeamId = "team-1", Name = "Einkauf" });
        db.Teams.Add(new TeamRecord { TenantId = "tenant-a", TeamId = "other-1", Name = "Lager" });
        await db.SaveChangesAsync();

        // Only reads are kept: a write's statement would hold what was written until its next use.
        Assert.Equal(keptBeforeWrite, connection.KeptStatements);

        // The same SQL on its kept statement: rows written since and another parameter value are both seen.
        Assert.Equal(["Einkauf"], await NamesAsync("team-"));
        Assert.Equal(["Lager"], await NamesAsync("other-"));
        Assert.InRange(connection.KeptStatements, 1, StatementKeepingConnection.MaxStatements);
    }

    [Fact]
    public async Task KeptStatementsWorkInsideAndAfterATransactionAndTwoOpenReadersOfOneText()
    {
        await using var database = TestDatabase.CreateSqlite();
        var factory = await database.OpenAsync();
        await using var db = await factory.ForTenantAsync("tenant-a", default);
        db.Teams.Add(new TeamRecord { TenantId = "tenant-a", TeamId = "team-kept", Name = "Vertrieb" });
        await db.SaveChangesAsync();
        Task<bool> ExistsAsync(string id) => db.Teams.AnyAsync(t => t.TeamId == id);

        Assert.True(await ExistsAsync("team-kept"));
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            db.Teams.Add(new TeamRecord { TenantId = "tenant-a", TeamId = "team-undone", Name = "Einkauf" });
            await db.SaveChangesAsync();
            Assert.True(await ExistsAsync("team-undone"));
            await transaction.RollbackAsync();
        }

        db.ChangeTracker.Clear();
        Assert.False(await ExistsAsync("team-undone"));
        Assert.True(await ExistsAsync("team-kept"));

        // One text read twice at the same time: the second reader gets a command of its own.
        var connection = db.Database.GetDbConnection();
        await using var first = connection.CreateCommand();
        await using var second = connection.CreateCommand();
        first.CommandText = second.CommandText = "SELECT \"Name\" FROM \"Teams\" WHERE \"TeamId\" = 'team-kept'";
        await using var one = await first.ExecuteReaderAsync();
        await using var two = await second.ExecuteReaderAsync();
        Assert.True(await one.ReadAsync());
        Assert.True(await two.ReadAsync());
        Assert.Equal("Vertrieb", one.GetString(0));
        Assert.Equal("Vertrieb", two.GetString(0));

        // As with any SQLite command: no new text while its reader is open, and the reader stays readable.
        Assert.Throws<InvalidOperationException>(() => first.CommandText = "SELECT 1");
        Assert.False(await one.ReadAsync());
    }

    [Fact]
    public async Task AtMostTheCapOfStatementsIsKeptAndEvictedOnesStillAnswer()
    {
        await using var database = TestDatabase.CreateSqlite();
        var factory = await database.OpenAsync();
        await using var db = await factory.ForTenantAsync("tenant-a", default);
        var connection = Assert.IsType<StatementKeepingConnection>(db.Database.GetDbConnection());

        async Task<long> AskAsync(int n)
        {
            // As EF Core makes its commands: through DbConnection (SqliteConnection.CreateCommand makes a plain one).
            await using var command = ((DbConnection)connection).CreateCommand();
            command.CommandText = $"SELECT {n} + $offset";
            var offset = command.CreateParameter();
            offset.ParameterName = "$offset";
            offset.Value = 1000;
            command.Parameters.Add(offset);
            return (long)(await command.ExecuteScalarAsync())!;
        }

        for (var n = 0; n < StatementKeepingConnection.MaxStatements * 2; n++)
        {
            Assert.Equal(1000 + n, await AskAsync(n));
        }

        Assert.Equal(StatementKeepingConnection.MaxStatements, connection.KeptStatements);
        Assert.Equal(1000, await AskAsync(0));
        Assert.Equal(1000 + StatementKeepingConnection.MaxStatements * 2 - 1, await AskAsync(StatementKeepingConnection.MaxStatements * 2 - 1));
        Assert.Equal(StatementKeepingConnection.MaxStatements, connection.KeptStatements);
    }
}

[Trait("Category", "Postgres")]
public sealed class PostgresStorageTests() : StorageContract(StorageProvider.Postgres);
