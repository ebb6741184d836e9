using Newtonsoft.Json.Linq;
using TeamsKiCoach.Bot.Cards;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Assessment;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Conversations;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// How a click on the check was answered; <see cref="WaitingFor"/> names an assessment whose suggestion a
/// language model still has to make, off the request path, after which its card is updated.
/// </summary>
public sealed record AssessmentAnswer(CardAnswer Answer, long? WaitingFor = null);

/// <summary>
/// "Muss das ein Mensch tun?" in chat: the assessment card of a pattern, confirming it, changing single criteria,
/// "bleibt beim Menschen", and the team's review list. Who acts is the Teams user of the activity; card data only
/// names a team, a pattern or an assessment.
/// </summary>
public sealed class AssessmentTurns(AssessmentDesk desk, BacklogBook book)
{
    public async Task<AssessmentAnswer> ExecuteAsync(string tenantId, Person person, string verb, JObject? data, BotText text, CancellationToken cancellationToken)
    {
        var teamId = CardData.Text(data, AssessmentCards.TeamField);
        switch (verb)
        {
            case CardVerbs.MustAHumanDoIt:
                return teamId is not null && CardData.Number(data, AssessmentCards.EntryField) is { } entry
                    ? await OpenAsync(tenantId, person, teamId, (int)entry, text, cancellationToken)
                    : new(CardAnswer.Text(text["Backlog.NotFound"]));
            case CardVerbs.ShowReview:
                return new(CardAnswer.Replace(await ReviewAsync(tenantId, person, teamId, text, cancellationToken)));
        }

        if (CardData.Number(data, AssessmentCards.AssessmentField) is not { } id)
        {
            return new(CardAnswer.Text(text["Assessment.NotFound"]));
        }

        return verb switch
        {
            CardVerbs.ShowAssessment => await ShowAsync(tenantId, person, id, null, text, cancellationToken),
            CardVerbs.ChangeAssessment => await ChangeFormAsync(tenantId, person, id, text, cancellationToken),
            CardVerbs.ConfirmAssessment => Settled(await desk.ConfirmAsync(tenantId, person.AadObjectId, person.Name, id, cancellationToken), text["Assessment.ConfirmedNote"], text),
            CardVerbs.KeepWithPeople => Settled(await desk.KeepWithPeopleAsync(tenantId, person.AadObjectId, person.Name, id, cancellationToken), text["Assessment.KeptNote"], text),
            CardVerbs.SaveAssessment => await SaveAsync(tenantId, person, id, data, text, cancellationToken),
            _ => new(CardAnswer.Text(text["UnknownAction.Reply"])),
        };
    }

    /// <summary>"prüfen": the review list of the team in context, else of the person's only team, else a choice.</summary>
    public async Task<AdaptiveCard> ReviewAsync(string tenantId, Person person, string? teamId, BotText text, CancellationToken cancellationToken)
    {
        if (teamId is null)
        {
            var backlogs = await book.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken);
            if (backlogs.Count > 1)
            {
                return new AdaptiveCard(
                    [new TextBlock(text["Backlog.Choose"]) { Bold = true }],
                    backlogs.Select(b => (CardAction)new ExecuteAction(CaptureCards.Name(b, text), CardVerbs.ShowReview,
                        new Dictionary<string, string> { [AssessmentCards.TeamField] = b.TeamId })).ToList());
            }

            teamId = backlogs[0].TeamId;
        }

        var patterns = await desk.PatternsAsync(tenantId, person.AadObjectId, teamId, cancellationToken);
        if (patterns is null)
        {
            return CaptureCards.Note(text["Backlog.NotMember"]);
        }

        var backlog = (await book.BacklogsOfAsync(tenantId, person.AadObjectId, cancellationToken)).FirstOrDefault(b => b.TeamId == teamId)
            ?? new BacklogRef(teamId, null);
        var waiting = AssessmentDesk.Waiting(patterns).Select(p => new ReviewLine(
            p.Pattern.Key, p.Pattern.Title, Figures(p.Pattern.Pattern.Mentions, p.Pattern.Pattern.People, text),
            p.Assessment is { Status: AssessmentStatus.Suggested } suggested ? suggested.SuggestedVerdict : null)).ToList();
        var candidates = AssessmentDesk.Candidates(patterns).Select(p => new ReviewLine(
            p.Pattern.Key, p.Pattern.Title, Figures(p.Pattern.Pattern.Mentions, p.Pattern.Pattern.People, text), p.Assessment!.ConfirmedVerdict)).ToList();
        return AssessmentCards.Review(new ReviewView(teamId, CaptureCards.Name(backlog, text), waiting, candidates), text);
    }

    /// <summary>Makes a pending suggestion (with the model, in the background) and returns the card to show instead of the wait.</summary>
    public async Task<AdaptiveCard?> SuggestAsync(string tenantId, long assessmentId, string? locale, CancellationToken cancellationToken)
    {
        var assessment = await desk.SuggestAsync(tenantId, assessmentId, cancellationToken);
        var text = BotText.For(locale);
        return assessment?.Current is null ? null : AssessmentCards.Assessment(View(assessment, null, text), text);
    }

    private async Task<AssessmentAnswer> OpenAsync(string tenantId, Person person, string teamId, int entry, BotText text, CancellationToken cancellationToken)
    {
        var opening = await desk.OpenAsync(tenantId, person.AadObjectId, teamId, entry, AssessmentText.For(text.Culture.Name), cancellationToken);
        return opening switch
        {
            AssessmentOpening.Ready ready => new(CardAnswer.Replace(AssessmentCards.Assessment(View(ready.Assessment, null, text), text))),
            AssessmentOpening.Waiting waiting => new(
                CardAnswer.Replace(AssessmentCards.Checking(waiting.Assessment.Id, teamId, waiting.Assessment.PatternKey, waiting.Assessment.PatternTitle, text)),
                waiting.Assessment.Id),
            AssessmentOpening.NotMember => new(CardAnswer.Text(text["Backlog.NotMember"])),
            _ => new(CardAnswer.Text(text["Pattern.NotFound"])),
        };
    }

    private async Task<AssessmentAnswer> ShowAsync(string tenantId, Person person, long id, string? note, BotText text, CancellationToken cancellationToken)
    {
        if (await desk.ViewAsync(tenantId, person.AadObjectId, id, cancellationToken) is not { } assessment)
        {
            return new(CardAnswer.Text(text["Assessment.NotFound"]));
        }

        return assessment.Current is null
            ? new(CardAnswer.Replace(AssessmentCards.Checking(assessment.Id, assessment.TeamId, assessment.PatternKey, assessment.PatternTitle, text)))
            : new(CardAnswer.Replace(AssessmentCards.Assessment(View(assessment, note, text), text)));
    }

    private async Task<AssessmentAnswer> ChangeFormAsync(string tenantId, Person person, long id, BotText text, CancellationToken cancellationToken)
    {
        if (await desk.ViewAsync(tenantId, person.AadObjectId, id, cancellationToken) is not { } assessment)
        {
            return new(CardAnswer.Text(text["Assessment.NotFound"]));
        }

        return assessment.Current is null
            ? new(CardAnswer.Text(text["Assessment.NotReady"]))
            : new(CardAnswer.Replace(AssessmentCards.Change(View(assessment, null, text), text)));
    }

    private async Task<AssessmentAnswer> SaveAsync(string tenantId, Person person, long id, JObject? data, BotText text, CancellationToken cancellationToken)
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
            if (await desk.ViewAsync(tenantId, person.AadObjectId, id, cancellationToken) is not { Current: not null } shown)
            {
                return new(CardAnswer.Text(text["Assessment.NotFound"]));
            }

            return new(CardAnswer.Replace(AssessmentCards.Change(View(shown, null, text), text, text["Assessment.Invalid"])));
        }

        var part = CardData.Text(data, AssessmentCards.PartInputId);
        var changed = await desk.ChangeAsync(tenantId, person.AadObjectId, person.Name, id, ratings, verdict, part, AssessmentText.For(text.Culture.Name), cancellationToken);
        return Settled(changed, text["Assessment.ChangedNote"], text);
    }

    private AssessmentAnswer Settled((AssessmentChange Change, PatternAssessment? Assessment) result, string doneNote, BotText text) => result switch
    {
        (AssessmentChange.Done, { } done) => new(CardAnswer.Replace(AssessmentCards.Assessment(View(done, doneNote, text), text))),
        (AssessmentChange.AlreadyConfirmed, { } other) => new(CardAnswer.Replace(AssessmentCards.Assessment(
            View(other, string.Format(text.Culture, text["Assessment.AlreadyConfirmed"], other.ConfirmedByName ?? text["Assessment.Someone"]), text), text))),
        (AssessmentChange.NotMember, _) => new(CardAnswer.Text(text["Assessment.NotMember"])),
        (AssessmentChange.NotReady, _) => new(CardAnswer.Text(text["Assessment.NotReady"])),
        _ => new(CardAnswer.Text(text["Assessment.NotFound"])),
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
