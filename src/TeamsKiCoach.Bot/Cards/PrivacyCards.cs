using System.Globalization;
using TeamsKiCoach.Bot.Localization;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>"meine daten": what the bot holds about the person, the JSON export, and "Alles löschen" with its confirmation.</summary>
public static class PrivacyCards
{
    public static AdaptiveCard MyData(PersonalDataSummary summary, BotText text, string? note = null)
    {
        var body = new List<CardElement>
        {
            new TextBlock(text["MyData.Title"]) { Bold = true, Size = TextSize.Medium },
            new TextBlock(text["MyData.Intro"]),
        };
        if (note is not null)
        {
            body.Add(new Container([new TextBlock(note)]) { Style = ContainerStyle.Good });
        }

        body.Add(new FactSet(
        [
            new Fact(text["MyData.Settings"], text[summary.HasSettings ? "MyData.Yes" : "MyData.None"]),
            new Fact(text["MyData.Conversations"], Count(summary.Conversations)),
            new Fact(text["MyData.Teams"], Count(summary.Teams)),
            new Fact(text["MyData.TeamsLed"], Count(summary.TeamsLed)),
            new Fact(text["MyData.DailyPrompts"], Count(summary.DailyPrompts)),
            new Fact(text["MyData.NamedEntries"], Count(summary.NamedEntries)),
            new Fact(text["MyData.Decisions"], Count(summary.Decisions)),
            new Fact(text["MyData.PulseAnswers"], Count(summary.LinkablePulseAnswers)),
        ]));
        body.Add(new TextBlock(text["MyData.NotLinked"]) { Subtle = true, Separator = true });
        return new AdaptiveCard(body,
        [
            new ExecuteAction(text["MyData.Export"], CardVerbs.ExportMyData),
            new ExecuteAction(text["MyData.Erase"], CardVerbs.EraseMyData),
        ]);
    }

    public static AdaptiveCard Download(Uri link, TimeSpan lifetime, BotText text) => new(
    [
        new TextBlock(text["MyData.DownloadTitle"]) { Bold = true },
        new TextBlock(string.Format(text.Culture, text["MyData.DownloadHint"], (int)Math.Ceiling(lifetime.TotalMinutes))) { Subtle = true },
        new ActionSet([new OpenUrlAction(text["MyData.Download"], link)]),
    ]);

    public static AdaptiveCard ConfirmErase(BotText text) => new(
        [
            new TextBlock(text["MyData.EraseTitle"]) { Bold = true, Size = TextSize.Medium },
            new TextBlock(text["MyData.EraseWhat"]),
            new TextBlock(text["MyData.EraseStays"]) { Subtle = true },
        ],
        [
            new ExecuteAction(text["MyData.EraseConfirm"], CardVerbs.EraseMyDataConfirmed),
            new ExecuteAction(text["MyData.EraseCancel"], CardVerbs.ShowMyData),
        ]);

    public static AdaptiveCard Erased(ErasureReport report, BotText text) => new(
    [
        new TextBlock(text["MyData.ErasedTitle"]) { Bold = true },
        new TextBlock(string.Format(text.Culture, text["MyData.ErasedCounts"], report.Deleted.Values.Sum(), report.Unlinked.Values.Sum())),
        new TextBlock(text["MyData.ErasedAfter"]) { Subtle = true },
    ]);

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
