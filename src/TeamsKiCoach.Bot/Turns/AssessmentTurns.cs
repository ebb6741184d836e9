using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Commands;
using TeamsKiCoach.Coaching.Conversations;
using TeamsKiCoach.Storage.Assessment;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// "Muss das ein Mensch tun?" in chat: the assessment card of a pattern, confirming it, changing single criteria,
/// "bleibt beim Menschen", and the team's review list. Who acts is the Teams user of the activity; card data only
/// names a team, a pattern or an assessment.
/// </summary>
public sealed class AssessmentTurns(AssessmentService checks, BacklogService backlogService) : ITurnFeature
{
    public void Register(TurnRoutes routes)
    {
        routes.Command(CommandKind.Review, async (turn, _, ct) => TurnReply.Replace(await ReviewAsync(turn.TenantId, turn.Person, turn.TeamInContext, turn.Text, ct)));
        routes.Verb(CardVerbs.ShowReview, async (turn, click, ct) =>
            TurnReply.Replace(await ReviewAsync(turn.TenantId, turn.Person, CardData.Text(click.Data, AssessmentCards.TeamField), turn.Text, ct)));
        routes.Verb(CardVerbs.MustAHumanDoIt, (turn, click, ct) =>
            CardData.Text(click.Data, AssessmentCards.TeamField) is { } teamId && CardData.SmallNumber(click.Data, AssessmentCards.EntryField) is { } entry
                ? OpenAsync(turn.TenantId, turn.Person, teamId, entry, turn.Text, ct)
                : Task.FromResult(TurnReply.Text(turn.Text["Backlog.NotFound"])));
        routes.Verb(CardVerbs.ShowAssessment, (turn, click, ct) => OfAssessment(turn, click, id => ShowAsync(turn.TenantId, turn.Person, id, null, turn.Text, ct)));
        routes.Verb(CardVerbs.ChangeAssessment, (turn, click, ct) => OfAssessment(turn, click, id => ChangeFormAsync(turn.TenantId, turn.Person, id, turn.Text, ct)));
        routes.Verb(CardVerbs.SaveAssessment, (turn, click, ct) => OfAssessment(turn, click, id => SaveAsync(turn.TenantId, turn.Person, id, click.Data, turn.Text, ct)));
        routes.Verb(CardVerbs.ConfirmAssessment, (turn, click, ct) => OfAssessment(turn, click, async id =>
            Settled(await checks.ConfirmAsync(turn.TenantId, turn.Person.AadObjectId, turn.Person.Name, id, ct), turn.Text["Assessment.ConfirmedNote"], turn.Text)));
        routes.Verb(CardVerbs.KeepWithPeople, (turn, click, ct) => OfAssessment(turn, click, async id =>
            Settled(await checks.KeepWithPeopleAsync(turn.TenantId, turn.Person.AadObjectId, turn.Person.Name, id, ct), turn.Text["Assessment.KeptNote"], turn.Text)));
    }

    private static Task<TurnReply> OfAssessment(Turn turn, CardClick click, Func<long, Task<TurnReply>> answer) =>
        CardData.Number(click.Data, AssessmentCards.AssessmentField) is { } id ? answer(id) : Task.FromResult(TurnReply.Text(turn.Text["Assessment.NotFound"]));

    /// <summary>"prüfen": the review list of the team in context, else of the person's only team, else a choice.</summary>
    public async Task<AdaptiveCard> ReviewAsync(string tenantId, Person person, string? teamId, BotText text, CancellationToken cancellationToken)
    {
        if (teamId is null)
        {
            var backlogs = await backlogService.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
            if (backlogs.Count > 1)
            {
                return TeamChoiceCard.Build(backlogs.Select(b => (b.TeamId, CaptureCards.Name(b, text))), CardVerbs.ShowReview, text);
            }

            teamId = backlogs[0].TeamId;
        }

        var patterns = await checks.PatternsAsync(tenantId, person.AadObjectId, teamId, cancellationToken);
        if (patterns is null)
        {
            return CaptureCards.Note(text["Backlog.NotMember"]);
        }

        var backlog = (await backlogService.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken)).FirstOrDefault(b => b.TeamId == teamId)
            ?? new BacklogRef(teamId, null);
        var waiting = AssessmentService.Waiting(patterns).Select(p => new ReviewLine(
            p.Pattern.Key, p.Pattern.Title, Figures(p.Pattern.Pattern.Mentions, p.Pattern.Pattern.People, text),
            p.Assessment is { Status: AssessmentStatus.Suggested } suggested ? suggested.SuggestedVerdict : null)).ToList();
        var candidates = AssessmentService.Candidates(patterns).Select(p => new ReviewLine(
            p.Pattern.Key, p.Pattern.Title, Figures(p.Pattern.Pattern.Mentions, p.Pattern.Pattern.People, text), p.Assessment!.ConfirmedVerdict)).ToList();
        return AssessmentCards.Review(new ReviewView(teamId, CaptureCards.Name(backlog, text), waiting, candidates), text);
    }

    /// <summary>Makes a pending suggestion (with the model, in the background) and returns the card to show instead of the wait.</summary>
    public async Task<AdaptiveCard?> SuggestAsync(string tenantId, long assessmentId, string? locale, CancellationToken cancellationToken)
    {
        var assessment = await checks.SuggestAsync(tenantId, assessmentId, cancellationToken);
        var text = BotText.For(locale);
        return assessment?.Current is null ? null : AssessmentCards.Assessment(View(assessment, null, text), text);
    }

    private async Task<TurnReply> OpenAsync(string tenantId, Person person, string teamId, int entry, BotText text, CancellationToken cancellationToken)
    {
        var opening = await checks.OpenAsync(tenantId, person.AadObjectId, teamId, entry, AssessmentText.For(text.Culture.Name), cancellationToken);
        return opening switch
        {
            AssessmentOpening.Ready ready => TurnReply.Replace(AssessmentCards.Assessment(View(ready.Assessment, null, text), text)),
            AssessmentOpening.Waiting waiting =>
                TurnReply.Replace(AssessmentCards.Checking(waiting.Assessment.Id, teamId, waiting.Assessment.PatternKey, waiting.Assessment.PatternTitle, text))
                    with { WaitingFor = waiting.Assessment.Id },
            AssessmentOpening.NotMember => TurnReply.Text(text["Backlog.NotMember"]),
            _ => TurnReply.Text(text["Pattern.NotFound"]),
        };
    }

    private async Task<TurnReply> ShowAsync(string tenantId, Person person, long id, string? note, BotText text, CancellationToken cancellationToken)
    {
        if (await checks.ViewAsync(tenantId, person.AadObjectId, id, cancellationToken) is not { } assessment)
        {
            return TurnReply.Text(text["Assessment.NotFound"]);
        }

        return assessment.Current is null
            ? TurnReply.Replace(AssessmentCards.Checking(assessment.Id, assessment.TeamId, assessment.PatternKey, assessment.PatternTitle, text))
            : TurnReply.Replace(AssessmentCards.Assessment(View(assessment, note, text), text));
    }

    private async Task<TurnReply> ChangeFormAsync(string tenantId, Person person, long id, BotText text, CancellationToken cancellationToken)
    {
        if (await checks.ViewAsync(tenantId, person.AadObjectId, id, cancellationToken) is not { } assessment)
        {
            return TurnReply.Text(text["Assessment.NotFound"]);
        }

        return assessment.Current is null
            ? TurnReply.Text(text["Assessment.NotReady"])
            : TurnReply.Replace(AssessmentCards.Change(View(assessment, null, text), text));
    }

    private async Task<TurnReply> SaveAsync(string tenantId, Person person, long id, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var ratings = new Dictionary<Criterion, Rating>();
        var valid = true;
        foreach (var criterion in Criteria.All)
        {
            var value = CardData.Text(data, AssessmentCards.CriterionInputId(criterion));
            if (value is null)
            {
                continue;
            }

            if (Enum.TryParse<Rating>(value, ignoreCase: false, out var rating) && Enum.IsDefined(rating))
            {
                ratings[criterion] = rating;
            }
            else
            {
                valid = false;
            }
        }

        var verdictValue = CardData.Text(data, AssessmentCards.VerdictInputId);
        if (!valid || verdictValue is null || !Enum.TryParse<Verdict>(verdictValue, ignoreCase: false, out var verdict) || !Enum.IsDefined(verdict))
        {
            if (await checks.ViewAsync(tenantId, person.AadObjectId, id, cancellationToken) is not { Current: not null } shown)
            {
                return TurnReply.Text(text["Assessment.NotFound"]);
            }

            return TurnReply.Replace(AssessmentCards.Change(View(shown, null, text), text, text["Assessment.Invalid"]));
        }

        var part = CardData.Text(data, AssessmentCards.PartInputId);
        var changed = await checks.ChangeAsync(tenantId, person.AadObjectId, person.Name, id, ratings, verdict, part, AssessmentText.For(text.Culture.Name), cancellationToken);
        return Settled(changed, text["Assessment.ChangedNote"], text);
    }

    private TurnReply Settled((AssessmentChange Change, PatternAssessment? Assessment) result, string doneNote, BotText text) => result switch
    {
        (AssessmentChange.Done, { } done) => TurnReply.Replace(AssessmentCards.Assessment(View(done, doneNote, text), text)),
        (AssessmentChange.AlreadyConfirmed, { } other) => TurnReply.Replace(AssessmentCards.Assessment(
            View(other, string.Format(text.Culture, text["Assessment.AlreadyConfirmed"], other.ConfirmedByName ?? text["Assessment.Someone"]), text), text)),
        (AssessmentChange.NotMember, _) => TurnReply.Text(text["Assessment.NotMember"]),
        (AssessmentChange.NotReady, _) => TurnReply.Text(text["Assessment.NotReady"]),
        _ => TurnReply.Text(text["Assessment.NotFound"]),
    };

    private static AssessmentView View(PatternAssessment assessment, string? note, BotText text) => new(
        assessment.Id,
        assessment.TeamId,
        assessment.PatternKey,
        assessment.PatternTitle,
        string.Format(text.Culture, text[assessment.Mentions == 1 ? "Backlog.Mention" : "Backlog.Mentions"], assessment.Mentions),
        assessment.Current!,
        assessment.IsConfirmed ? assessment.ConfirmedHow : null,
        assessment.IsConfirmed ? assessment.ConfirmedByName : null,
        assessment.ConfirmedAt is { } at ? DateOnly.FromDateTime(at.UtcDateTime) : null,
        note);

    private static string Figures(int mentions, int people, BotText text) =>
        string.Format(text.Culture, text[mentions == 1 ? "Backlog.Mention" : "Backlog.Mentions"], mentions) + " · "
        + string.Format(text.Culture, text[people == 1 ? "Backlog.Person" : "Backlog.People"], people);
}
