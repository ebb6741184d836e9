using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Audit;
using TeamsKiCoach.Coaching.Nudges;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Coaching.Stages;
using TeamsKiCoach.Coaching.People;
using TeamsKiCoach.Coaching.Pilots;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Coaching.Teams;
using TeamsKiCoach.Storage.Audit;
using TeamsKiCoach.Storage.Backlog;
using TeamsKiCoach.Storage.Pilots;
using TeamsKiCoach.Storage.Privacy;
using TeamsKiCoach.Storage.Prompts;
using TeamsKiCoach.Storage.Pulse;
using TeamsKiCoach.Storage.Registry;
using TeamsKiCoach.Storage.Stages;
using TeamsKiCoach.Storage.Teams;

namespace TeamsKiCoach.Tests.Cards;

/// <summary>
/// Every card the bot can send, in both languages, each with the builder that made it. A new card builder gets a
/// line here; a test fails while one is missing.
/// </summary>
public static class CardCatalog
{
    public const string HostileText = "**fett** _kursiv_ [Link](https://evil.example) <b>html</b> ${user.name} {{DATE(2026-01-01T00:00:00Z)}} \n- Liste\n# Titel مرحبا 👩‍💻 \u202Egnirts";

    public static IEnumerable<(string Name, Type Builder, AdaptiveCard Card)> All()
    {
        foreach (var text in new[] { BotText.German, BotText.English })
        {
            var lang = text.Culture.TwoLetterISOLanguageName;
            foreach (var audience in Enum.GetValues<WelcomeAudience>())
            {
                yield return ($"welcome-{audience.ToString().ToLowerInvariant()}-{lang}", typeof(WelcomeCard), WelcomeCard.Build(audience, text));
            }

            yield return ($"help-{lang}", typeof(HelpCard), HelpCard.Build(text));

            var teams = new List<(string, string)> { ("team-1", "Vertrieb"), ("team-2", HostileText) };
            yield return ($"prompt-{lang}", typeof(PromptCard), PromptCard.Build(new PromptCardView(42, [], "team-1", false), text));
            yield return ($"prompt-two-teams-backoff-{lang}", typeof(PromptCard), PromptCard.Build(new PromptCardView(42, teams, "team-1", true), text));
            yield return ($"prompt-problem-{lang}", typeof(PromptCard), PromptCard.Build(
                new PromptCardView(42, teams, "team-2", false, new PromptInputs(HostileText, "daily", "abc", true, "team-2"), "Prompt.Problem.Minutes"), text));
            yield return ($"answered-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.Recorded(new AnswerResult.Recorded(12, "team-1", false, true), HostileText, text));
            yield return ($"answered-anonymous-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.Recorded(new AnswerResult.Recorded(13, "team-1", true, false), "Vertrieb", text));
            yield return ($"answered-nothing-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.NothingToday(text));
            yield return ($"answered-already-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.AlreadyAnswered(new AnswerResult.AlreadyAnswered(PromptAnswer.Entry, 12), text));
            yield return ($"answered-already-anonymous-{lang}", typeof(PromptAnsweredCard), PromptAnsweredCard.AlreadyAnswered(new AnswerResult.AlreadyAnswered(PromptAnswer.Entry, null), text));
            yield return ($"status-member-{lang}", typeof(StatusCard), StatusCard.Build(new StatusView(null, (new DateTimeOffset(2026, 11, 26, 14, 30, 0, TimeSpan.Zero), TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin")), []), text));
            yield return ($"status-lead-paused-{lang}", typeof(StatusCard), StatusCard.Build(new StatusView(
                new PersonSettings { TenantId = "t", AadObjectId = "a", PausedAt = DateTimeOffset.UnixEpoch, PausedUntil = new DateOnly(2026, 12, 13), PromptTime = new TimeOnly(9, 0) },
                null,
                [(new TeamRecord { TenantId = "t", TeamId = "team-1", Name = HostileText }, new TeamReach(6, 3, 1, 1, 1))]), text));
            foreach (var card in StageAndRegistryCards(text))
            {
                yield return (card.Name + "-" + lang, card.Builder, card.Card);
            }

            foreach (var card in BacklogCards(text))
            {
                yield return (card.Name + "-" + lang, card.Builder, card.Card);
            }

            foreach (var card in AssessmentCardsOf(text))
            {
                yield return (card.Name + "-" + lang, typeof(AssessmentCards), card.Card);
            }

            var summary = new Storage.Privacy.PersonalDataSummary(true, 1, 2, 1, 14, 3, 2, 1);
            yield return ($"mydata-{lang}", typeof(PrivacyCards), PrivacyCards.MyData(summary, text));
            yield return ($"mydata-empty-{lang}", typeof(PrivacyCards), PrivacyCards.MyData(new Storage.Privacy.PersonalDataSummary(false, 0, 0, 0, 0, 0, 0, 0), text, text["MyData.ErasedTitle"]));
            yield return ($"mydata-download-{lang}", typeof(PrivacyCards), PrivacyCards.Download(new Uri("https://coach.example.org/api/me/export/abc.def"), TimeSpan.FromMinutes(10), text));
            yield return ($"mydata-confirm-erase-{lang}", typeof(PrivacyCards), PrivacyCards.ConfirmErase(text));
            yield return ($"mydata-erased-{lang}", typeof(PrivacyCards), PrivacyCards.Erased(new Storage.Privacy.ErasureReport(
                new Dictionary<string, int> { ["conversations"] = 1 }, new Dictionary<string, int> { ["audit_trail"] = 2 }), text));

            var choice = new[] { ("team-1", "Vertrieb"), ("team-2", HostileText) };
            foreach (var verb in new[] { CardVerbs.ShowReview, CardVerbs.ShowPilots, CardVerbs.ShowPulseResults })
            {
                yield return ($"choose-team-{verb}-{lang}", typeof(TeamChoiceCard), TeamChoiceCard.Build(choice, verb, text));
            }

            foreach (var card in PulseCardsOf(text))
            {
                yield return (card.Name + "-" + lang, typeof(PulseCards), card.Card);
            }

            foreach (var card in PilotCardsOf(text))
            {
                yield return (card.Name + "-" + lang, typeof(PilotCards), card.Card);
            }

            var link = new Uri("https://coach.example.org/api/backlog/export/abc.def");
            yield return ($"export-{lang}", typeof(BacklogExportCard), BacklogExportCard.Build(
                new BacklogExportView([new ExportTeamLinks("Vertrieb", link, link), new ExportTeamLinks(HostileText, link, link)], TimeSpan.FromMinutes(10)), text));
        }

        yield return ("model-every-element", typeof(CardCatalog), EveryElement());
    }

    // The day the sample cards are built on: a card never reads the clock.
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static Pilot SamplePilot(PilotState state, PilotDecision? decision = null) => new()
    {
        Id = 5,
        TenantId = "t",
        TeamId = "team-1",
        Number = 2,
        PatternKey = 12,
        PatternTitle = HostileText,
        Step = HostileText,
        StaysManual = HostileText,
        WhoIsRelieved = HostileText,
        OwnerAadObjectId = "aad-owner",
        OwnerName = HostileText,
        ProposedByAadObjectId = "aad-anna",
        ProposedByName = HostileText,
        ProposedAt = new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.Zero),
        ReviewOn = new DateOnly(2026, 12, 21),
        State = state,
        Decision = decision,
        DecidedByName = decision is null ? null : HostileText,
        DecidedAt = decision is null ? null : new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero),
        DecisionReason = decision is PilotDecision.Declined or PilotDecision.ChangesRequested ? HostileText : null,
        WithdrawnAt = state == PilotState.Withdrawn ? new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero) : null,
        AiDrafted = true,
    };

    private static PilotView SampleView(Pilot pilot, bool lead, bool owner = false, bool proposer = false, bool blocked = false, IReadOnlyList<ReliefRound>? relief = null)
    {
        var running = blocked ? new List<RunningPilot> { new(9, 1, HostileText, PilotState.Running, [FreeAPlace.Finish, FreeAPlace.Pause, FreeAPlace.Retire], 0, false) } : [];
        return new PilotView(pilot, lead, owner, proposer, ["aad-lead"], new BrakeCheck(1, running), relief ?? [], ["29:lead", "29:anna"]);
    }

    private static IEnumerable<(string Name, AdaptiveCard Card)> PilotCardsOf(BotText text)
    {
        var proposal = new PilotProposal(12, HostileText, HostileText, HostileText, HostileText, new PilotActor("aad-anna", HostileText), new DateOnly(2026, 12, 21), true);
        PilotActor[] members = [new("aad-anna", HostileText), new("aad-max", "Max")];
        yield return ("pilot-form", PilotCards.ProposalForm(new ProposalFormView("team-1", 12, HostileText, proposal, members, Today), text));
        yield return ("pilot-form-ai-fallback", PilotCards.ProposalForm(new ProposalFormView("team-1", 12, HostileText, proposal with { AiDrafted = false }, members, Today, Note: PilotText.For(text.Culture.Name)["Draft.Fallback.Invalid"]), text));
        yield return ("pilot-form-edit-problem", PilotCards.ProposalForm(new ProposalFormView("team-1", 12, HostileText, proposal with { AiDrafted = false }, members, Today, 5, text["Pilot.Problem.StepMissing"]), text));
        yield return ("pilot-proposed-lead", PilotCards.Detail(SampleView(SamplePilot(PilotState.Proposed), lead: true), text, text["Pilot.Message.Approval"]));
        yield return ("pilot-proposed-blocked", PilotCards.Detail(SampleView(SamplePilot(PilotState.Proposed), lead: true, blocked: true), text));
        yield return ("pilot-proposed-adjust-first", PilotCards.Detail(SampleView(SamplePilot(PilotState.Proposed), lead: true) with
        {
            Brake = new BrakeCheck(2,
            [
                new RunningPilot(9, 1, HostileText, PilotState.Running, [FreeAPlace.Finish], 3, false),
                new RunningPilot(8, 3, "Drucker", PilotState.Adjusted, [FreeAPlace.Finish], 0, true),
            ]),
        }, text));
        yield return ("pilot-proposed-member", PilotCards.Detail(SampleView(SamplePilot(PilotState.Proposed), lead: false, proposer: true), text));
        yield return ("pilot-approved", PilotCards.Detail(SampleView(SamplePilot(PilotState.Approved, PilotDecision.Approved), lead: false, owner: true), text));
        yield return ("pilot-declined", PilotCards.Detail(SampleView(SamplePilot(PilotState.Declined, PilotDecision.Declined), lead: true), text));
        yield return ("pilot-changes", PilotCards.Detail(SampleView(SamplePilot(PilotState.ChangesRequested, PilotDecision.ChangesRequested), lead: false, proposer: true), text));
        yield return ("pilot-withdrawn", PilotCards.Detail(SampleView(SamplePilot(PilotState.Withdrawn), lead: true), text));
        yield return ("pilot-running-relief", PilotCards.Detail(SampleView(SamplePilot(PilotState.Running, PilotDecision.Approved), lead: true, relief:
            [new ReliefRound(1, 12, Coaching.Pilots.ReliefResult.Aggregate(Enumerable.Range(0, 11).Select(i => new ReliefAnswer((Relief)(i % 4), i == 0 ? HostileText : null)))),
             new ReliefRound(3, 12, new Coaching.Pilots.ReliefResult.NeedsMoreAnswers(5))]), text));
        yield return ("pilot-paused", PilotCards.Detail(SampleView(SamplePilot(PilotState.Paused, PilotDecision.Approved), lead: true), text));
        yield return ("pilot-reviewed", PilotCards.Detail(SampleView(SamplePilot(PilotState.Reviewed, PilotDecision.Approved), lead: true), text));
        yield return ("pilot-history", PilotCards.History(SamplePilot(PilotState.Approved), [
            new AuditRecord { TenantId = "t", TeamId = "team-1", Subject = AuditSubjects.Pilot, SubjectId = "5", Action = "proposed", ActorAadObjectId = "a", ActorName = HostileText, At = DateTimeOffset.UnixEpoch, AiInvolved = true },
            new AuditRecord { TenantId = "t", TeamId = "team-1", Subject = AuditSubjects.Pilot, SubjectId = "5", Action = "declined", ActorAadObjectId = "b", ActorName = null, At = DateTimeOffset.UnixEpoch, Detail = HostileText },
            new AuditRecord { TenantId = "t", TeamId = "team-1", Subject = AuditSubjects.Pilot, SubjectId = "5", Action = "unknown-step", ActorAadObjectId = "b", ActorName = "B", At = DateTimeOffset.UnixEpoch },
        ], text));
        yield return ("pilots", PilotCards.List(HostileText, [new PilotLine(5, 2, HostileText, PilotState.Running), new PilotLine(4, 1, "Drucker", PilotState.Retired)], 1, 1, text));
        yield return ("pilots-none", PilotCards.List("Vertrieb", [], 0, 1, text));
        yield return ("relief-question", PilotCards.ReliefQuestion(3, SamplePilot(PilotState.Running), 1, text));
        yield return ("relief-question-problem", PilotCards.ReliefQuestion(3, SamplePilot(PilotState.Running), 3, text, text["Relief.Choose"]));
        yield return ("relief-thanks", PilotCards.ReliefThanks(text));
    }

    private static IEnumerable<(string Name, Type Builder, AdaptiveCard Card)> StageAndRegistryCards(BotText text)
    {
        var team = new TeamRecord { TenantId = "t", TeamId = "team-1", Name = HostileText, Stage = TeamStage.FrictionVisible };
        var evidence = new List<EvidenceLine>
        {
            new(EvidenceKind.SpreadPatterns, 3, People: 2, Required: 3),
            new(EvidenceKind.Pattern, 8, HostileText, 4),
        };
        var suggesting = new TeamStageView(team, new StageAdvice(TeamStage.FrictionVisible, evidence, TeamStage.RightQuestion), ViewerIsLead: true);
        var resting = new TeamStageView(new TeamRecord { TenantId = "t", TeamId = "team-2", Name = "Lager", Stage = TeamStage.WatchTheUse }, new StageAdvice(TeamStage.WatchTheUse, [new(EvidenceKind.PulsesWithBypasses, 0)], null, new DateTimeOffset(2026, 12, 23, 9, 0, 0, TimeSpan.Zero)), ViewerIsLead: false);
        yield return ("status-stages", typeof(StatusCard), StatusCard.Build(new StatusView(null, null, [(team, new TeamReach(6, 5, 1, 0, 0))], [suggesting, resting]), text));
        yield return ("stage-decided", typeof(StatusCard), StatusCard.Decided(HostileText, suggesting, text));

        var registry = RegistryText.For(text.Culture.Name);
        var own = new AutomationEntry
        {
            Id = 4, TenantId = "t", TeamId = "team-1", Name = HostileText, Steps = [HostileText, "Trägt Betrag ein."], DoesNot = [HostileText],
            Trigger = HostileText, DataUsed = HostileText, UsesAi = true, AiRole = HostileText, OwnerAadObjectId = "aad-anna", OwnerName = HostileText,
            Status = AutomationStatus.Paused, Since = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero), Version = 3,
        };
        var entries = BotAutomations.Describe(new BotConfiguration { TenantId = "t", TeamId = "team-1", AiProvider = "Azure OpenAI", OwnerName = HostileText }, registry).Append(own).ToList();
        yield return ("registry", typeof(RegistryCards), RegistryCards.List(new RegistryListView("team-1", HostileText, entries, ViewerIsLead: true), text));
        yield return ("registry-member-empty", typeof(RegistryCards), RegistryCards.List(new RegistryListView("team-1", "Vertrieb", entries.Take(5).ToList(), ViewerIsLead: false), text));
        yield return ("registry-explain-bot", typeof(RegistryCards), RegistryCards.Explain(new RegistryExplainView("team-1", entries[0], ViewerIsLead: true), text));
        yield return ("registry-explain-own", typeof(RegistryCards), RegistryCards.Explain(new RegistryExplainView("team-1", own, ViewerIsLead: true, text["Registry.Saved"]), text));
        yield return ("registry-explain-own-running", typeof(RegistryCards), RegistryCards.Explain(
            new RegistryExplainView("team-1", new AutomationEntry
            {
                Id = 5, TenantId = "t", TeamId = "team-1", Name = "Rechnungseingang", Steps = ["Liest Rechnungen aus."], DoesNot = ["Bezahlt nichts."],
                Trigger = "Neue Rechnung", DataUsed = "Rechnungen", OwnerAadObjectId = "aad-anna", OwnerName = "Anna",
                Status = AutomationStatus.Running, Since = new DateTimeOffset(2026, 11, 2, 8, 0, 0, TimeSpan.Zero), Version = 1,
            }, ViewerIsLead: true), text));
        yield return ("registry-answer", typeof(RegistryCards), RegistryCards.Answer(new RegistryAnswerView("team-1", HostileText, new RegistryAnswer(HostileText + "\n" + HostileText, [own, entries[0]], FromAi: true, registry["Note.Fallback.Timeout"])), text));
        yield return ("registry-form-new", typeof(RegistryCards), RegistryCards.Form(new RegistryFormView("team-1", null, [new RegistryPerson("aad-anna", HostileText)]), text));
        yield return ("registry-form-problem", typeof(RegistryCards), RegistryCards.Form(new RegistryFormView("team-1", own, [new RegistryPerson("aad-anna", HostileText)],
            new AutomationDraft(HostileText, HostileText, null, null, null, true, null, "aad-anna", AutomationStatus.Running), text["Registry.Invalid"]), text));
        yield return ("registry-choose", typeof(RegistryCards), RegistryCards.Choose([("team-1", HostileText), ("team-2", "Vertrieb")], text));
        yield return ("nudge", typeof(NudgeCard), NudgeCard.Build(new NudgeRun
        {
            TenantId = "t", TeamId = "team-1", Period = "2026-W48", Fingerprint = "f", Language = "de", Title = "Diese Woche im Backlog",
            Lines = HostileText + "\n" + "Danke!", ActionId = NudgeActions.CheckPattern, ActionSubject = "12", ActionLabel = HostileText,
        }, text));

        // Every action a nudge can ask for, so that every one of its buttons is clicked once.
        foreach (var action in NudgeActions.All.Where(a => a != NudgeActions.CheckPattern))
        {
            yield return ($"nudge-{action}", typeof(NudgeCard), NudgeCard.Build(new NudgeRun
            {
                TenantId = "t", TeamId = "team-1", Period = "2026-W48", Fingerprint = "f", Language = "de", Title = "Diese Woche",
                Lines = "Eine Zeile", ActionId = action, ActionSubject = "12", ActionLabel = action,
            }, text));
        }
    }

    private static IEnumerable<(string Name, AdaptiveCard Card)> PulseCardsOf(BotText text)
    {
        var week = new Coaching.Pulse.IsoWeek(2026, 48);
        var closes = new DateTimeOffset(2026, 11, 29, 22, 0, 0, TimeSpan.Zero);
        var open = new Storage.Pulse.PulseCardFacts(3, "team-1", HostileText, week, Coaching.Pulse.PulseVariant.Pilot, closes, 5, null);
        var answered = open with { Variant = Coaching.Pulse.PulseVariant.Coach, Current = new Coaching.Pulse.PulseSubmission(4, HostileText, HostileText, null, false) };
        yield return ("pulse-question", PulseCards.Question(open, text));
        yield return ("pulse-question-problem", PulseCards.Question(answered, text, text["Pulse.Invalid"]));
        yield return ("pulse-answered", PulseCards.Answered(answered, changed: true, text));
        var results = new Pulse.PulseTenant().Week("team-1", Pulse.PulseTenant.Week(10), 6, reliefs: [1, 2, 3, 4, 5, 5])
            .Results("team-1", Pulse.PulseTenant.Midweek(12));
        yield return ("pulse-results", PulseCards.Results(new PulseResultsView(
            "team-1", HostileText, results, new Dictionary<Coaching.Pulse.IsoWeek, Coaching.Pulse.PulseVariant>(), Pulse.PulseTenant.Week(12), 5, null, HostileText), text));
    }

    private static IEnumerable<(string Name, AdaptiveCard Card)> AssessmentCardsOf(BotText text)
    {
        var criteria = Criteria.All.Select(c => new CriterionRating(c, (Rating)((int)c % 3), c == Criterion.Judgment ? HostileText : "Kommt regelmäßig vor: 8 Nennungen von 4 Personen")).ToList();
        var partly = new Coaching.Assessment.Assessment(Verdict.PartlyFit, HostileText, criteria, AssessmentSource.Ai, "Die KI war nicht erreichbar; das ist der Vorschlag der Regeln.");
        var fit = new Coaching.Assessment.Assessment(Verdict.Fit, null, criteria, AssessmentSource.Rules);
        yield return ("assessment-suggested", AssessmentCards.Assessment(new AssessmentView(7, "team-1", 12, HostileText, "8 Erwähnungen", partly, null, null, null), text));
        yield return ("assessment-confirmed", AssessmentCards.Assessment(new AssessmentView(7, "team-1", 12, "Rechnungen abtippen", "8 Erwähnungen", fit, Confirmation.AsSuggested, HostileText, new DateOnly(2026, 11, 25), text["Assessment.ConfirmedNote"]), text));
        yield return ("assessment-kept", AssessmentCards.Assessment(new AssessmentView(7, "team-1", 12, "Rechnungen abtippen", "8 Erwähnungen", fit with { Verdict = Verdict.KeepWithPeople }, Confirmation.KeptWithPeople, "Anna", new DateOnly(2026, 11, 25)), text));
        yield return ("assessment-change", AssessmentCards.Change(new AssessmentView(7, "team-1", 12, HostileText, "8 Erwähnungen", partly, null, null, null), text, text["Assessment.Invalid"]));
        yield return ("assessment-checking", AssessmentCards.Checking(7, "team-1", 12, HostileText, text));
        yield return ("review", AssessmentCards.Review(new ReviewView("team-1", HostileText,
            [new ReviewLine(12, HostileText, "8 Erwähnungen · 4 Personen", Verdict.Fit), new ReviewLine(3, "Drucker", "1 Erwähnung · 1 Person", null)],
            [new ReviewLine(5, HostileText, "3 Erwähnungen · 2 Personen", Verdict.PartlyFit)]), text));
        yield return ("review-empty", AssessmentCards.Review(new ReviewView("team-1", "Vertrieb", [], []), text));
    }

    private static IEnumerable<(string Name, Type Builder, AdaptiveCard Card)> BacklogCards(BotText text)
    {
        var backlogs = new List<BacklogRef> { new("team-1", "Vertrieb"), new("team-2", HostileText), new("personal:aad-anna", null) };
        yield return ("capture-question", typeof(CaptureCards), CaptureCards.Question(new CaptureQuestionView(HostileText, "k1", [backlogs[0]], Asked: true, TextWasCut: true), text));
        yield return ("capture-which-backlog", typeof(CaptureCards), CaptureCards.Question(new CaptureQuestionView(HostileText, "k1", backlogs, Asked: false, TextWasCut: false, Anonymous: true), text));
        yield return ("capture-recorded", typeof(CaptureCards), CaptureCards.Recorded(new CaptureRecordedView(12, "team-2", HostileText, "k1", Anonymous: false, TextWasCut: true), text));
        yield return ("capture-recorded-anonymous", typeof(CaptureCards), CaptureCards.Recorded(new CaptureRecordedView(13, "team-1", "Vertrieb", "k1", Anonymous: true, TextWasCut: false), text));
        yield return ("capture-note", typeof(CaptureCards), CaptureCards.Note(text["Capture.Dismissed"]));

        var lines = Enumerable.Range(1, 5).Select(i => new PatternLine(i, i == 1 ? HostileText : $"Muster {i}", 7 - i, 3, i == 2 ? null : "ca. 6 Std./Woche", (Trend)(i % 3), i, 1, i == 3 ? "✓ Geprüft: Teilweise geeignet" : null)).ToList();
        yield return ("backlog-overview", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.Overview(new BacklogPageView("team-2", HostileText, lines, 0, 2, 31), text));
        yield return ("backlog-overview-last-page", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.Overview(new BacklogPageView("team-1", "Vertrieb", lines[..2], 1, 2, 31, text["Pattern.Merge.Done"]), text));
        yield return ("backlog-empty", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.Overview(new BacklogPageView("team-1", "Vertrieb", [], 0, 1, 0), text));
        yield return ("backlog-choose", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.Choose(backlogs, text));

        var entries = new List<PatternEntryLine>
        {
            new(1, new DateOnly(2026, 11, 2), HostileText, false, false, HostileText),
            new(4, new DateOnly(2026, 11, 20), null, true, false, "Rechnung per Hand abtippen nervt"),
            new(9, new DateOnly(2026, 11, 24), "Bernd", false, true, "Rechnungen abtippen"),
        };
        yield return ("pattern-detail-lead", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.Detail(
            new PatternDetailView("team-1", "Vertrieb", lines[0], entries, [(2, HostileText), (3, "Drucker")], ViewerLeads: true, text["Pattern.PlusOne.Done"]), text));
        yield return ("pattern-detail-member", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.Detail(
            new PatternDetailView("team-1", "Vertrieb", lines[1], entries[..1], [], ViewerLeads: false), text));
        yield return ("pattern-detail-lead-many", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.Detail(
            new PatternDetailView("team-1", "Vertrieb", lines[1], Enumerable.Range(1, 20).Select(i => entries[i % 3] with { Number = i }).ToList(), [], ViewerLeads: true), text));

        var own = new List<OwnEntryLine>
        {
            new("team-1", HostileText, 3, new DateOnly(2026, 11, 24), true, false, HostileText),
            new("team-1", "Vertrieb", 9, new DateOnly(2026, 11, 24), false, true, "Rechnungen abtippen"),
        };
        yield return ("my-entries", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.OwnEntries(own, text, text["Entry.Saved"]));
        yield return ("my-entries-none", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.OwnEntries([], text));
        yield return ("entry-edit", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.EditEntry(own[0], text));
        yield return ("entry-edit-problem", typeof(Bot.Cards.BacklogCards), Bot.Cards.BacklogCards.EditEntry(own[0], text, text["Entry.EmptyText"]));
    }

    /// <summary>Uses every element and action of the card model once, with hostile text where people's text goes.</summary>
    public static AdaptiveCard EveryElement() => new(
    [
        new TextBlock("Titel") { Bold = true, Size = TextSize.Large, Subtle = true },
        new LiteralText(HostileText) { Subtle = true, Separator = true },
        new FactSet([new Fact("Erwähnungen", "7"), new Fact("Personen", "4")]),
        new Container([new TextBlock("Innen"), new LiteralText(HostileText)]) { Style = ContainerStyle.Emphasis, Id = "box" },
        new TextInput("friction", "Was hat dich Zeit gekostet?")
        {
            Placeholder = "z. B. Rechnungen abtippen",
            Multiline = true,
            MaxLength = 2000,
            Value = HostileText,
            RequiredMessage = "Bitte kurz beschreiben.",
        },
        new ChoiceInput("frequency", "Wie oft?", [new Choice("täglich", "daily"), new Choice("wöchentlich", "weekly")])
        {
            Value = "daily",
            RequiredMessage = "Bitte wählen.",
        },
        new ChoiceInput("relief", "Entlastet?", [new Choice("ja", "yes"), new Choice("nein", "no")]) { Expanded = true },
        new ToggleInput("anonymous", "Anonym") { Value = true },
        new NumberInput("minutes", "Minuten") { Min = 0, Max = 480, Placeholder = "15" },
        new DateInput("review", "Überprüfen am") { Value = new DateOnly(2026, 12, 21), Min = new DateOnly(2026, 12, 1), Max = new DateOnly(2027, 2, 1) },
        new ActionSet([new ExecuteAction("Senden", CardVerbs.AnswerPrompt, new Dictionary<string, string> { ["promptId"] = "42" })]),
    ],
    [
        new ExecuteAction("Heute nichts", "prompt.nothing"),
        new OpenUrlAction("Mehr erfahren", new Uri("https://example.org/datenschutz")),
    ])
    {
        Refresh = new CardRefresh("pilot.refresh", new Dictionary<string, string> { ["pilot"] = "5" }, ["29:lead"]),
    };
}
