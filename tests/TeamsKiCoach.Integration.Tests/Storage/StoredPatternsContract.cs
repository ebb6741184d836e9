using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Exchange;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Tests.Support;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Backlog.Exchange;
using TeamsKiCoach.Storage.Conversations;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Privacy;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Storage;

/// <summary>
/// Patterns are stored things with numbers people can rely on: what keeps them, on every provider against a real
/// database, and how a database of the release before stored patterns is carried over.
/// </summary>
public abstract class StoredPatternsContract(StorageProvider provider) : IAsyncLifetime
{
    private const string Team = "team-1";
    private const string Invoices = "Rechnungen von Hand ins ERP abtippen";
    private const string InvoicesAgain = "Rechnungen per Hand ins ERP abtippen nervt";
    private const string InvoicesThird = "Eingangsrechnungen von Hand abtippen dauert";
    private const string Printer = "Drucker im Lager streikt ständig";

    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 25, 9, 30, 0, TimeSpan.Zero));
    private TestDatabase database = null!;
    private CoachDbFactory dbFactory = null!;

    public async Task InitializeAsync()
    {
        database = TestDatabase.Create(provider);
        dbFactory = await database.OpenAsync();
    }

    public async Task DisposeAsync() => await database.DisposeAsync();

    [Fact]
    public async Task ANewEntryJoinsItsStoredPatternWhenItArrives()
    {
        var backlogs = await TeamAsync();
        var first = await CaptureAsync(backlogs, Invoices);
        var second = await CaptureAsync(backlogs, InvoicesAgain, "aad-bernd");
        var printer = await CaptureAsync(backlogs, Printer);

        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        var patterns = await db.BacklogPatterns.AsNoTracking().OrderBy(p => p.Number).ToListAsync();
        var entries = await db.BacklogEntries.AsNoTracking().ToDictionaryAsync(e => e.Number, e => e.PatternId);
        Assert.Equal([1, 2], patterns.Select(p => p.Number));
        Assert.Equal(entries[first], entries[second]);
        Assert.NotEqual(entries[first], entries[printer]);
        Assert.Contains("Rechnungen", patterns[0].Title, StringComparison.Ordinal);
        Assert.Equal(Printer, patterns[1].Title);
    }

    [Fact]
    public async Task AVerdictStaysWithItsPatternWhenANewEarlierLookingEntryArrives()
    {
        var backlogs = await TeamAsync();
        await CaptureAsync(backlogs, Printer);
        var invoices = new[] { await CaptureAsync(backlogs, Invoices), await CaptureAsync(backlogs, InvoicesAgain, "aad-bernd") };
        var assessments = new AssessmentService(dbFactory, new LexicalPatternGrouper(), new RuleAssessmentEngine(), clock);
        var key = (await ReloadAsync()).PatternOf(invoices[0])!.Key;
        var opened = Assert.IsType<AssessmentOpening.Ready>(await assessments.OpenAsync("tenant-a", "aad-anna", Team, key, AssessmentText.German, default));
        await assessments.KeepWithPeopleAsync("tenant-a", "aad-anna", "Anna", opened.Assessment.Id, default);

        // Before patterns were stored, an entry dated before all others regrouped the backlog in a new order and
        // could take the earliest place, and the verdict with it. Now it is placed against the patterns that exist.
        var import = ImportFile.Read("text,date\nRechnungen vom Drucker von Hand ins ERP abtippen,2025-01-02\nDrucker druckt Rechnungen nicht,2025-01-01\n"u8.ToArray(), ExchangeFormat.Csv);
        await new BacklogExchange(dbFactory, new LexicalPatternGrouper(), clock).ImportAsync("tenant-a", Team, import, default);

        var after = await ReloadAsync();
        var pattern = after.Pattern(key)!;
        Assert.Equal(after.PatternOf(invoices[0]), pattern);
        Assert.Equal(after.PatternOf(invoices[1]), pattern);
        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        var assessed = (await assessments.PatternsAsync(db, Team, default)).Single(p => p.Pattern.Key == key);
        Assert.Equal(Verdict.KeepWithPeople, assessed.Assessment!.ConfirmedVerdict);
        Assert.Equal(opened.Assessment.Id, assessed.Assessment.Id);
        Assert.All((await assessments.PatternsAsync(db, Team, default)).Where(p => p.Pattern.Key != key), p => Assert.Null(p.Assessment));
    }

    [Fact]
    public async Task NumbersStayWithThePatternsAcrossAFullRegroupingThatKeepsTheLeadsDecisions()
    {
        var backlogs = await TeamAsync();
        var a = await CaptureAsync(backlogs, Invoices);
        var b = await CaptureAsync(backlogs, InvoicesAgain, "aad-bernd");
        var c = await CaptureAsync(backlogs, InvoicesThird);
        var printer = await CaptureAsync(backlogs, Printer, "aad-bernd");
        Assert.Equal(PatternChange.Done, await backlogs.SplitAsync("tenant-a", "aad-lead", Team, c, default));
        var before = await ReloadAsync();
        var numbers = new[] { a, b, c, printer }.Select(n => before.PatternOf(n)!.Key).ToList();

        Assert.Null(await backlogs.RegroupAsync("tenant-a", "aad-anna", Team, default));
        var report = await backlogs.RegroupAsync("tenant-a", "aad-lead", Team, default);

        var after = await ReloadAsync();
        Assert.Equal(numbers, new[] { a, b, c, printer }.Select(n => after.PatternOf(n)!.Key));
        Assert.NotEqual(after.PatternOf(a), after.PatternOf(c));
        Assert.Equal(new RegroupReport(3, 0, 0), report);
    }

    [Fact]
    public async Task AGroupThatHoldsNoMajorityOfAnOldPatternGetsANewNumberAndTheVerdictFollowsTheEntries()
    {
        var backlogs = await TeamAsync();
        var entries = new[]
        {
            await CaptureAsync(backlogs, Invoices), await CaptureAsync(backlogs, InvoicesAgain, "aad-bernd"), await CaptureAsync(backlogs, "Rechnungen von Hand ins ERP abtippen dauert ewig"),
        };
        var assessments = new AssessmentService(dbFactory, new LexicalPatternGrouper(), new RuleAssessmentEngine(), clock);
        var old = (await ReloadAsync()).PatternOf(entries[0])!.Key;
        Assert.Single((await ReloadAsync()).Patterns);
        var opened = Assert.IsType<AssessmentOpening.Ready>(await assessments.OpenAsync("tenant-a", "aad-anna", Team, old, AssessmentText.German, default));

        // A grouping that puts every entry on its own: none of the new groups holds most of the old pattern.
        await using (var db = await dbFactory.ForTenantAsync("tenant-a", default))
        {
            Assert.Equal(new RegroupReport(0, 3, 1), await PatternStore.RegroupAsync(db, Team, new OnePatternEach(), clock.GetUtcNow(), default));
        }

        var after = await ReloadAsync();
        Assert.Equal(3, after.Patterns.Count);
        Assert.All(after.Patterns, p => Assert.True(p.Key > old));
        Assert.Equal(after.PatternOf(entries[0]), after.Pattern(old));
        await using var read = await dbFactory.ForTenantAsync("tenant-a", default);
        var assessed = await assessments.PatternsAsync(read, Team, default);
        Assert.Equal(opened.Assessment.Id, Assert.Single(assessed, p => p.Assessment is not null).Assessment!.Id);
        Assert.Equal(after.PatternOf(entries[0])!.Key, Assert.Single(assessed, p => p.Assessment is not null).Pattern.Key);
    }

    [Fact]
    public async Task ALeadsMergeAndSplitChangeTheStoredPatterns()
    {
        var backlogs = await TeamAsync();
        var invoices = await CaptureAsync(backlogs, Invoices);
        var printer = await CaptureAsync(backlogs, Printer, "aad-bernd");
        var numbers = await ReloadAsync();
        var (kept, merged) = (numbers.PatternOf(invoices)!.Key, numbers.PatternOf(printer)!.Key);

        Assert.Equal(PatternChange.Done, await backlogs.MergeAsync("tenant-a", "aad-lead", Team, kept, merged, default));
        await using (var db = await dbFactory.ForTenantAsync("tenant-a", default))
        {
            var rows = await db.BacklogPatterns.AsNoTracking().OrderBy(p => p.Number).ToListAsync();
            Assert.Null(rows.Single(p => p.Number == kept).RetiredAt);
            Assert.Equal(rows.Single(p => p.Number == kept).Id, rows.Single(p => p.Number == merged).MergedIntoId);
            Assert.Equal(BacklogPattern.NeutralTitle, rows.Single(p => p.Number == merged).Title);
            Assert.All(await db.BacklogEntries.ToListAsync(), e => Assert.Equal(rows.Single(p => p.Number == kept).Id, e.PatternId));
            Assert.Equal(rows.Single(p => p.Number == kept).Id, (await db.GroupingDecisions.SingleAsync()).PatternId);
        }

        // A card sent before the merge still finds the pattern.
        var afterMerge = await ReloadAsync();
        Assert.Same(afterMerge.Pattern(kept), afterMerge.Pattern(merged));

        Assert.Equal(PatternChange.Done, await backlogs.SplitAsync("tenant-a", "aad-lead", Team, printer, default));
        var split = await ReloadAsync();
        Assert.Equal(kept, split.PatternOf(invoices)!.Key);
        Assert.Equal(3, split.PatternOf(printer)!.Key);
        Assert.Equal(Printer, split.PatternOf(printer)!.Title);
    }

    [Fact]
    public async Task APatternNumberIsUniqueInItsTeamAndNeverGivenOutAgain()
    {
        var backlogs = await TeamAsync();
        var first = await CaptureAsync(backlogs, Invoices);
        Assert.Equal(EntryChange.Done, await backlogs.WithdrawAsync("tenant-a", "aad-anna", Team, first, default));
        await CaptureAsync(backlogs, Printer);
        var texts = new[] { "Urlaubsanträge auf Papier ausfüllen", "Reisekosten in drei Listen eintragen", "Lieferscheine abfotografieren und mailen" };
        await Task.WhenAll(texts.Select(t => backlogs.CaptureAsync("tenant-a", "aad-bernd", Team, t, anonymous: false, BacklogService.NewCaptureKey(), default)));

        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        var rows = await db.BacklogPatterns.AsNoTracking().OrderBy(p => p.Number).ToListAsync();
        Assert.Equal([1, 2, 3, 4, 5], rows.Select(p => p.Number));
        Assert.NotNull(rows[0].RetiredAt);
        Assert.Equal(BacklogPattern.NeutralTitle, rows[0].Title);
        Assert.Equal(4, (await ReloadAsync()).Patterns.Count);
        Assert.Null((await ReloadAsync()).Pattern(1));
    }

    [Fact]
    public async Task AnotherTenantNeitherSeesNorChangesATeamsPatterns()
    {
        var backlogs = await TeamAsync();
        await TeamAsync("tenant-b");
        var invoices = await CaptureAsync(backlogs, Invoices);
        await CaptureAsync(backlogs, Printer);
        await CaptureAsync(backlogs, "Urlaubsanträge auf Papier", tenant: "tenant-b");
        var key = (await ReloadAsync()).PatternOf(invoices)!.Key;

        Assert.Equal(PatternChange.NotFound, await backlogs.PlusOneAsync("tenant-b", "aad-bernd", Team, 2, default));
        Assert.Equal(PatternChange.NotFound, await backlogs.MergeAsync("tenant-b", "aad-lead", Team, key, 2, default));
        await using var db = await dbFactory.ForTenantAsync("tenant-b", default);
        var foreign = Assert.Single(await db.BacklogPatterns.ToListAsync());
        Assert.Equal((1, "Urlaubsanträge auf Papier"), (foreign.Number, foreign.Title));
        Assert.Equal(2, (await ReloadAsync()).Patterns.Count);
        Assert.Empty(await db.GroupingDecisions.ToListAsync());
    }

    [Fact]
    public async Task AfterAPersonErasesTheirDataNoPatternTitleKeepsTheirWords()
    {
        var backlogs = await TeamAsync();
        var assessments = new AssessmentService(dbFactory, new LexicalPatternGrouper(), new RuleAssessmentEngine(), clock);
        var shared = await CaptureAsync(backlogs, "Rechnungen von Hand ins ERP abtippen Zettelwirtschaft");
        await CaptureAsync(backlogs, "Rechnungen von Hand ins ERP abtippen", "aad-bernd");
        var alone = await CaptureAsync(backlogs, "Urlaubsanträge Zettelwirtschaft Papierstapel");
        var before = await ReloadAsync();
        Assert.Contains(before.Patterns, p => p.Title.Contains("Zettelwirtschaft", StringComparison.Ordinal));
        var check = Assert.IsType<AssessmentOpening.Ready>(await assessments.OpenAsync("tenant-a", "aad-bernd", Team, before.PatternOf(alone)!.Key, AssessmentText.German, default));

        await new PersonalData(dbFactory, [], clock).EraseAsync("tenant-a", "aad-anna", default);

        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        var titles = await db.BacklogPatterns.AsNoTracking().Select(p => p.Title).ToListAsync();
        Assert.DoesNotContain(titles, t => t.Contains("Zettelwirtschaft", StringComparison.Ordinal) || t.Contains("Papierstapel", StringComparison.Ordinal));
        Assert.Contains("Rechnungen von Hand ins ERP abtippen", titles);
        var emptied = await db.BacklogPatterns.AsNoTracking().SingleAsync(p => p.Number == before.PatternOf(alone)!.Key);
        Assert.Equal(BacklogPattern.NeutralTitle, emptied.Title);
        Assert.NotNull(emptied.RetiredAt);
        Assert.Equal(BacklogPattern.NeutralTitle, (await db.PatternAssessments.AsNoTracking().SingleAsync(a => a.Id == check.Assessment.Id)).PatternTitle);
        Assert.Null((await ReloadAsync()).PatternOf(shared));
    }

    [Fact]
    public async Task AfterAPersonErasesTheirDataNoPlusOneKeepsTheirWordsAsACopyOfTheTitle()
    {
        var backlogs = await TeamAsync();
        var anna = await CaptureAsync(backlogs, "Urlaubsanträge Zettelwirtschaft Papierstapel");
        await CaptureAsync(backlogs, Printer, "aad-bernd");
        var number = (await ReloadAsync()).PatternOf(anna)!.Key;
        Assert.Equal(PatternChange.Done, await backlogs.PlusOneAsync("tenant-a", "aad-bernd", Team, number, default));

        await new PersonalData(dbFactory, [], clock).EraseAsync("tenant-a", "aad-anna", default);

        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        var texts = await db.BacklogEntries.AsNoTracking().Select(e => e.Text).ToListAsync();
        var titles = await db.BacklogPatterns.AsNoTracking().Select(p => p.Title).ToListAsync();
        Assert.DoesNotContain(texts.Concat(titles), t => t.Contains("Zettelwirtschaft", StringComparison.Ordinal));
        Assert.Contains(BacklogPattern.NeutralTitle, texts);
    }

    [Fact]
    public async Task AProposalFromACardShownBeforeAMergeOpensForThePatternItWentInto()
    {
        var backlogs = await TeamAsync();
        var printer = await CaptureAsync(backlogs, Printer, "aad-bernd");
        var invoices = await CaptureAsync(backlogs, Invoices);
        await CaptureAsync(backlogs, InvoicesAgain, "aad-bernd");
        var numbers = await ReloadAsync();
        var (merged, kept) = (numbers.PatternOf(invoices)!.Key, numbers.PatternOf(printer)!.Key);
        var assessments = new AssessmentService(dbFactory, new LexicalPatternGrouper(), new RuleAssessmentEngine(), clock);
        var check = Assert.IsType<AssessmentOpening.Ready>(await assessments.OpenAsync("tenant-a", "aad-bernd", Team, merged, AssessmentText.German, default));
        Assert.Equal(AssessmentChange.Done, (await assessments.ConfirmAsync("tenant-a", "aad-bernd", "Bernd", check.Assessment.Id, default)).Change);
        Assert.Equal(PatternChange.Done, await backlogs.MergeAsync("tenant-a", "aad-lead", Team, kept, merged, default));
        var proposals = new TeamsKiCoach.Storage.Pilots.PilotProposals(dbFactory, assessments, new Coaching.Pilots.PilotOptions(), clock);

        var opening = await proposals.DraftAsync("tenant-a", new Coaching.Pilots.PilotActor("aad-bernd", "Bernd"), Team, merged, Coaching.Pilots.PilotText.German, default);

        Assert.Equal(kept, Assert.IsType<TeamsKiCoach.Storage.Pilots.DraftOpening.Ready>(opening).Proposal.PatternKey);
    }

    [Fact]
    public async Task AfterAMergeTheCheckOfTheMergedPatternLosesTheErasedWordsToo()
    {
        var backlogs = await TeamAsync();
        var assessments = new AssessmentService(dbFactory, new LexicalPatternGrouper(), new RuleAssessmentEngine(), clock);
        var anna = await CaptureAsync(backlogs, "Urlaubsanträge Zettelwirtschaft Papierstapel");
        var bernd = await CaptureAsync(backlogs, Printer, "aad-bernd");
        var numbers = await ReloadAsync();
        var (merged, kept) = (numbers.PatternOf(anna)!.Key, numbers.PatternOf(bernd)!.Key);
        var check = Assert.IsType<AssessmentOpening.Ready>(await assessments.OpenAsync("tenant-a", "aad-bernd", Team, merged, AssessmentText.German, default));
        Assert.Equal(PatternChange.Done, await backlogs.MergeAsync("tenant-a", "aad-lead", Team, kept, merged, default));

        await new PersonalData(dbFactory, [], clock).EraseAsync("tenant-a", "aad-anna", default);

        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        Assert.Equal(Printer, (await db.PatternAssessments.AsNoTracking().SingleAsync(a => a.Id == check.Assessment.Id)).PatternTitle);
        Assert.Equal(check.Assessment.Id, (await assessments.PatternsAsync(db, Team, default)).Single(p => p.Pattern.Key == kept).Assessment!.Id);
    }

    [Fact]
    public async Task AWithdrawnOrEditedEntryTakesItsWordsOutOfThePatternTitle()
    {
        var backlogs = await TeamAsync();
        var first = await CaptureAsync(backlogs, "Zettelwirtschaft bei Rechnungen");
        var second = await CaptureAsync(backlogs, "Papierkram bei Urlaubsanträgen");

        await backlogs.EditAsync("tenant-a", "aad-anna", Team, first, "Rechnungen von Hand abtippen", default);
        await backlogs.WithdrawAsync("tenant-a", "aad-anna", Team, second, default);

        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        var titles = await db.BacklogPatterns.AsNoTracking().OrderBy(p => p.Number).Select(p => p.Title).ToListAsync();
        Assert.Equal(["Rechnungen von Hand abtippen", BacklogPattern.NeutralTitle], titles);
    }

    [Fact]
    public async Task ADatabaseOfTheReleaseBeforeKeepsEveryVerdictPilotAndPlusOneWithTheSameEntries()
    {
        await using var before = TestDatabase.Create(provider);
        await using var legacyServices = new ServiceCollection().AddCoachStorage(provider, before.ConnectionString).BuildServiceProvider();
        var factory = legacyServices.GetRequiredService<CoachDbFactory>();

        // The schema as the release before left it: every migration up to "Stages".
        await using (var db = await factory.ForSystemAsync(default))
        {
            await db.GetService<IMigrator>().MigrateAsync("Stages");
        }

        // Filled the way that release wrote: checks and pilots kept the number of their pattern's earliest entry.
        var texts = new (string Text, string? Author)[]
        {
            (Invoices, "aad-anna"),
            (Printer, "aad-bernd"),
            (InvoicesAgain, "aad-bernd"),
            ("Urlaubsanträge auf Papier ausfüllen", "aad-anna"),
            ("Der Drucker im Lager druckt nicht", null),
        };
        var start = clock.GetUtcNow().AddDays(-30);
        await using (var db = await factory.ForSystemAsync(default))
        {
            for (var i = 0; i < texts.Length; i++)
            {
                await InsertAsync(db, "backlog_entries", ("TenantId", "tenant-a"), ("TeamId", Team), ("Number", i + 1), ("Text", texts[i].Text),
                    ("Frequency", "Weekly"), ("Source", "Chat"), ("CreatedAt", At(start.AddHours(i))), ("AuthorAadObjectId", texts[i].Author));
            }
        }

        var ids = await EntryIdsAsync(factory);
        var plusOneOn = 1;
        var merge = (These: new[] { ids[2], ids[5] }, Others: new[] { ids[4] });
        await using (var db = await factory.ForSystemAsync(default))
        {
            await InsertAsync(db, "grouping_decisions", ("TenantId", "tenant-a"), ("TeamId", Team), ("Kind", "Merge"),
                ("EntryIds", GroupingDecisionRecord.Ids(merge.These)), ("OtherEntryIds", GroupingDecisionRecord.Ids(merge.Others)),
                ("DecidedByAadObjectId", "aad-lead"), ("DecidedAt", At(start.AddDays(1))));
            await InsertAsync(db, "backlog_entries", ("TenantId", "tenant-a"), ("TeamId", Team), ("Number", 6), ("Text", "Rechnungen von Hand ins ERP abtippen"),
                ("Frequency", "Weekly"), ("Source", "PlusOne"), ("CreatedAt", At(start.AddDays(2))), ("AuthorAadObjectId", "aad-carl"), ("CaptureKey", "plusone-carl"));
        }

        ids = await EntryIdsAsync(factory);
        await using (var db = await factory.ForSystemAsync(default))
        {
            await InsertAsync(db, "grouping_decisions", ("TenantId", "tenant-a"), ("TeamId", Team), ("Kind", "PlusOne"),
                ("EntryIds", GroupingDecisionRecord.Ids([ids[6]])), ("OtherEntryIds", GroupingDecisionRecord.Ids([ids[plusOneOn]])),
                ("DecidedByAadObjectId", "aad-carl"), ("DecidedAt", At(start.AddDays(2))));
        }

        // The patterns that release showed, grouped as it grouped them, keyed by their earliest entry.
        var legacy = TeamBacklog.Group(
            texts.Select((t, i) => Entry(ids[i + 1], i + 1, t.Text, t.Author, start.AddHours(i)))
                .Append(Entry(ids[6], 6, "Rechnungen von Hand ins ERP abtippen", "aad-carl", start.AddDays(2))).ToList(),
            new LexicalPatternGrouper(),
            new GroupingDecisions().Merge(merge.These, merge.Others).Merge([ids[6]], [ids[plusOneOn]]));
        var invoices = legacy.PatternOf(1)!;
        var printerAndLeave = legacy.PatternOf(2)!;
        Assert.Equal([1, 3, 6], invoices.Entries.Select(e => e.Number));
        Assert.Equal([2, 4, 5], printerAndLeave.Entries.Select(e => e.Number));
        await using (var db = await factory.ForSystemAsync(default))
        {
            await InsertAssessmentAsync(db, invoices.Key, "Fit", start.AddDays(3));
            await InsertAssessmentAsync(db, printerAndLeave.Key, "KeepWithPeople", start.AddDays(3));
            await InsertAsync(db, "pilots", ("TenantId", "tenant-a"), ("TeamId", Team), ("Number", 1), ("PatternKey", invoices.Key),
                ("PatternTitle", invoices.Title), ("Step", "Rechnungsdaten aus dem PDF übernehmen"), ("StaysManual", "Freigabe"), ("WhoIsRelieved", "Buchhaltung"),
                ("OwnerAadObjectId", "aad-anna"), ("OwnerName", "Anna"), ("ProposedByAadObjectId", "aad-anna"), ("ProposedByName", "Anna"),
                ("ProposedAt", At(start.AddDays(4))), ("ReviewOn", new DateOnly(2026, 12, 20)), ("State", "Proposed"), ("Version", 1),
                ("LastChangedAt", At(start.AddDays(4))), ("AiDrafted", false));
        }

        // This release starts: it migrates, then carries the data over; a second start changes nothing.
        await factory.InitializeAsync(default);
        Assert.Equal(1, await PatternDataStep.RunAsync(factory, new LexicalPatternGrouper(), clock, default));
        Assert.Equal(0, await PatternDataStep.RunAsync(factory, new LexicalPatternGrouper(), clock, default));

        await using var after = await factory.ForTenantAsync("tenant-a", default);
        var members = (await after.BacklogEntries.AsNoTracking().ToListAsync())
            .GroupBy(e => e.PatternId)
            .ToDictionary(g => g.Key!.Value, g => g.Select(e => e.Number).Order().ToList());
        var assessments = await after.PatternAssessments.AsNoTracking().ToListAsync();
        Assert.Equal(invoices.Entries.Select(e => e.Number), members[assessments.Single(a => a.ConfirmedVerdict == Verdict.Fit).PatternId!.Value]);
        Assert.Equal(printerAndLeave.Entries.Select(e => e.Number), members[assessments.Single(a => a.ConfirmedVerdict == Verdict.KeepWithPeople).PatternId!.Value]);
        var pilot = await after.Pilots.AsNoTracking().SingleAsync();
        Assert.Equal(invoices.Entries.Select(e => e.Number), members[pilot.PatternId!.Value]);
        Assert.Equal(invoices.Key, pilot.PatternKey);
        var decisions = await after.GroupingDecisions.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
        Assert.Equal(printerAndLeave.Entries.Select(e => e.Number), members[decisions[0].PatternId!.Value]);
        Assert.Equal(invoices.Entries.Select(e => e.Number), members[decisions[1].PatternId!.Value]);
        Assert.Contains(6, members[pilot.PatternId.Value]);

        // And as people see it: the same numbers, each with its own verdict.
        var assessmentService = new AssessmentService(factory, new LexicalPatternGrouper(), new RuleAssessmentEngine(), clock);
        var shown = await assessmentService.PatternsAsync(after, Team, default);
        Assert.Equal(Verdict.Fit, shown.Single(p => p.Pattern.Key == invoices.Key).Assessment!.ConfirmedVerdict);
        Assert.Equal(Verdict.KeepWithPeople, shown.Single(p => p.Pattern.Key == printerAndLeave.Key).Assessment!.ConfirmedVerdict);
    }

    [Fact]
    public async Task ASecondHostsWritesShowInTheFirstHostsNextRead()
    {
        var first = await TeamAsync();
        var invoices = await CaptureAsync(first, Invoices);
        await CaptureAsync(first, Printer, "aad-bernd");
        var shown = await first.ViewAsync("tenant-a", "aad-anna", Team, default);
        Assert.Equal(1, dbFactory.Backlogs.Count);

        // The second host has storage of its own on the same database, as a second instance of the bot would.
        var otherFactory = await database.OpenAsync();
        var second = new BacklogService(otherFactory, new TeamDirectory(otherFactory, clock), new LexicalPatternGrouper(), clock);
        clock.Advance(TimeSpan.FromMinutes(1));
        var again = Assert.IsType<CaptureResult.Recorded>(
            await second.CaptureAsync("tenant-a", "aad-bernd", Team, InvoicesAgain, anonymous: false, BacklogService.NewCaptureKey(), default)).Entry.Number;
        var seen = (await first.ViewAsync("tenant-a", "aad-anna", Team, default))!.Grouped;
        Assert.Equal(shown!.Grouped.Entries.Count + 1, seen.Entries.Count);
        Assert.Equal(seen.PatternOf(invoices)!.Key, seen.PatternOf(again)!.Key);

        // A +1 there, and an edit while the clock stands still, show too.
        var key = seen.PatternOf(invoices)!.Key;
        var printer = seen.Patterns.Single(p => p.Key != key).Key;
        Assert.Equal(PatternChange.Done, await second.PlusOneAsync("tenant-a", "aad-anna", Team, printer, default));
        var plussed = (await first.ViewAsync("tenant-a", "aad-anna", Team, default))!.Grouped;
        Assert.Equal(2, plussed.Pattern(printer)!.Pattern.Mentions);
        Assert.Equal(await ReloadUncachedAsync(), plussed.Patterns.Select(p => (p.Key, p.Title, p.Pattern.Mentions)));
        Assert.Equal(plussed.Entries.Count, plussed.Patterns.Sum(p => p.Entries.Count));
        await second.EditAsync("tenant-a", "aad-anna", Team, invoices, "Rechnungen von Hand ins ERP tippen", default);
        Assert.Equal("Rechnungen von Hand ins ERP tippen",
            (await first.ViewAsync("tenant-a", "aad-anna", Team, default))!.Grouped.Entries.Single(e => e.Number == invoices).Text);

        // The first host's own write then starts from what the second one wrote: Anna's +1 is counted already.
        Assert.Equal(PatternChange.AlreadyCounted, await first.PlusOneAsync("tenant-a", "aad-anna", Team, printer, default));
        Assert.Equal(EntryChange.Done, await second.WithdrawAsync("tenant-a", "aad-bernd", Team, again, default));
        var last = (await first.ViewAsync("tenant-a", "aad-anna", Team, default))!.Grouped;
        Assert.Null(last.PatternOf(again));
        Assert.Equal(await ReloadUncachedAsync(), last.Patterns.Select(p => (p.Key, p.Title, p.Pattern.Mentions)));
    }

    [Fact]
    public async Task EntriesPlacedFromTheKeptBacklogLandWhereAReadOfEverythingPutsThem()
    {
        var book = await TeamAsync();
        var first = await CaptureAsync(book, Invoices);
        await book.ViewAsync("tenant-a", "aad-anna", Team, default);

        // The second placement starts from the kept backlog, the third from it and what the second added.
        var second = await CaptureAsync(book, InvoicesAgain, "aad-bernd");
        var printer = await CaptureAsync(book, Printer);
        var third = await CaptureAsync(book, InvoicesThird, "aad-bernd");

        var read = (await book.ViewAsync("tenant-a", "aad-anna", Team, default))!.Grouped;
        Assert.Equal(read.PatternOf(first)!.Key, read.PatternOf(second)!.Key);
        Assert.NotEqual(read.PatternOf(first)!.Key, read.PatternOf(printer)!.Key);
        Assert.Equal(await ReloadUncachedAsync(), read.Patterns.Select(p => (p.Key, p.Title, p.Pattern.Mentions)));
        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        var stored = await db.BacklogEntries.AsNoTracking().ToDictionaryAsync(e => e.Number, e => e.PatternId);
        Assert.Equal(read.PatternOf(third)!.Id, stored[third]);
    }

    [Fact]
    public async Task AKeptBacklogIsUsedOnlyWhileNothingChanged()
    {
        var book = await TeamAsync();
        await CaptureAsync(book, Invoices);
        var read = (await book.ViewAsync("tenant-a", "aad-anna", Team, default))!.Grouped;
        Assert.Same(read, (await book.ViewAsync("tenant-a", "aad-anna", Team, default))!.Grouped);

        // A row changed behind every service's back (as an admin's SQL would) is seen at the next read.
        await using (var db = await dbFactory.ForTenantAsync("tenant-a", default))
        {
            await db.BacklogEntries.ExecuteUpdateAsync(s => s.SetProperty(e => e.MinutesLost, 15));
        }

        var after = (await book.ViewAsync("tenant-a", "aad-anna", Team, default))!.Grouped;
        Assert.NotSame(read, after);
        Assert.Equal(15, after.Entries.Single().MinutesLost);
    }

    private async Task<List<(int Key, string Title, int Mentions)>> ReloadUncachedAsync()
    {
        await using var db = await dbFactory.ForTenantAsync("tenant-a", default);
        db.Backlogs = null;
        var backlog = await StoredBacklog.LoadAsync(db, Team, new LexicalPatternGrouper(), default, clock);
        return backlog.Patterns.Select(p => (p.Key, p.Title, p.Pattern.Mentions)).ToList();
    }

    private async Task InsertAssessmentAsync(CoachDbContext db, int key, string verdict, DateTimeOffset at) =>
        await InsertAsync(db, "pattern_assessments", ("TenantId", "tenant-a"), ("TeamId", Team), ("PatternKey", key), ("PatternTitle", "Muster"),
            ("Mentions", 3), ("Status", "Confirmed"), ("Language", "de"), ("RequestedAt", At(at)), ("Source", "Rules"), ("SuggestedVerdict", verdict),
            ("SuggestedCriteria", "[]"), ("SuggestedAt", At(at)), ("ConfirmedVerdict", verdict), ("ConfirmedHow", "AsSuggested"),
            ("ConfirmedByAadObjectId", "aad-anna"), ("ConfirmedByName", "Anna"), ("ConfirmedAt", At(at)), ("Version", 2));

    // SQLite keeps a moment as the binary form of the model's converter, PostgreSQL as timestamptz.
    private object At(DateTimeOffset moment) =>
        provider == StorageProvider.Sqlite ? new DateTimeOffsetToBinaryConverter().ConvertToProvider(moment)! : moment;

    private static async Task InsertAsync(CoachDbContext db, string table, params (string Column, object? Value)[] values)
    {
        var present = values.Where(v => v.Value is not null).ToList();
        var columns = string.Join(", ", present.Select(v => $"\"{v.Column}\""));
        var placeholders = string.Join(", ", present.Select((_, i) => $"{{{i}}}"));
        // Table and column names are the test's own constants; the values go as parameters.
        var sql = $"INSERT INTO {table} ({columns}) VALUES ({placeholders})";
        await db.Database.ExecuteSqlRawAsync(sql, present.Select(v => v.Value!).ToArray());
    }

    // Only the columns the release before had: the rows are read by number.
    private static async Task<Dictionary<int, long>> EntryIdsAsync(CoachDbFactory factory)
    {
        await using var db = await factory.ForSystemAsync(default);
        return await db.BacklogEntries.IgnoreQueryFilters().Select(e => new { e.Number, e.Id }).ToDictionaryAsync(e => e.Number, e => e.Id);
    }

    private static BacklogEntry Entry(long id, int number, string text, string? author, DateTimeOffset created) => new()
    {
        Id = id, TenantId = "tenant-a", TeamId = Team, Number = number, Text = text, AuthorAadObjectId = author, CreatedAt = created, Frequency = Frequency.Weekly,
    };

    private async Task<BacklogService> TeamAsync(string tenant = "tenant-a")
    {
        await new TeamDirectory(dbFactory, clock).RecordInstallAsync(tenant, Team, "Vertrieb", "aad-lead", default);
        await new ConversationDirectory(dbFactory, clock).AddTeamMembersAsync(tenant, Team,
            [new Person("aad-anna", "29:aad-anna", "Anna"), new Person("aad-bernd", "29:aad-bernd", "Bernd")], default);
        return new BacklogService(dbFactory, new TeamDirectory(dbFactory, clock), new LexicalPatternGrouper(), clock);
    }

    private async Task<int> CaptureAsync(BacklogService backlogs, string text, string author = "aad-anna", string tenant = "tenant-a")
    {
        clock.Advance(TimeSpan.FromMinutes(5));
        var result = await backlogs.CaptureAsync(tenant, author, Team, text, anonymous: false, BacklogService.NewCaptureKey(), default);
        return Assert.IsType<CaptureResult.Recorded>(result).Entry.Number;
    }

    private async Task<TeamBacklog> ReloadAsync(string tenant = "tenant-a")
    {
        await using var db = await dbFactory.ForTenantAsync(tenant, default);
        return await StoredBacklog.LoadAsync(db, Team, new LexicalPatternGrouper(), default, clock);
    }
}

/// <summary>A grouper that leaves every entry on its own: a regrouping as different from the stored one as can be.</summary>
internal sealed class OnePatternEach : IPatternGrouper
{
    public IPatternGrouping Group(IEnumerable<FrictionEntry> entries, GroupingDecisions? decisions = null) =>
        new LexicalPatternGrouper().Resume(entries.Select(e => (IReadOnlyList<FrictionEntry>)[e]).ToList(), decisions);
}

public sealed class SqliteStoredPatternsTests() : StoredPatternsContract(StorageProvider.Sqlite);

[Trait("Category", "Postgres")]
public sealed class PostgresStoredPatternsTests() : StoredPatternsContract(StorageProvider.Postgres);
