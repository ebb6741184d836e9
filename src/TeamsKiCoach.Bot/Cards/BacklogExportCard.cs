using TeamsKiCoach.Bot.Localization;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>One led team with its download links.</summary>
public sealed record ExportTeamLinks(string TeamName, Uri Csv, Uri Xlsx);

public sealed record BacklogExportView(IReadOnlyList<ExportTeamLinks> Teams, TimeSpan Lifetime);

/// <summary>A lead's backlog export: per team a CSV and an Excel download, each a short-lived link.</summary>
public static class BacklogExportCard
{
    public static AdaptiveCard Build(BacklogExportView view, BotText text)
    {
        var body = new List<CardElement>
        {
            new TextBlock(text["Export.Title"]) { Bold = true, Size = TextSize.Medium },
            new TextBlock(text["Export.Intro"]),
        };
        foreach (var team in view.Teams)
        {
            body.Add(new LiteralText(team.TeamName) { Separator = true });
            body.Add(new ActionSet([new OpenUrlAction(text["Export.Csv"], team.Csv), new OpenUrlAction(text["Export.Xlsx"], team.Xlsx)]));
        }

        body.Add(new TextBlock(string.Format(text.Culture, text["Export.Validity"], (int)Math.Ceiling(view.Lifetime.TotalMinutes))) { Subtle = true, Separator = true });
        return new AdaptiveCard(body);
    }
}
