using TeamsKiCoach.Bot.Localization;

namespace TeamsKiCoach.Bot.Cards;

public enum WelcomeAudience
{
    Person,
    Team,
}

/// <summary>The first thing people see: what the bot does, what it never does, how to pause it, where help is.</summary>
public static class WelcomeCard
{
    public static AdaptiveCard Build(WelcomeAudience audience, BotText text)
    {
        var body = new List<CardElement>
        {
            new TextBlock(text["Welcome.Title"]) { Bold = true, Size = TextSize.Medium },
            new TextBlock(audience == WelcomeAudience.Team ? text["Welcome.TeamIntro"] : text["Welcome.Intro"]),
            new TextBlock(text["Welcome.DoesTitle"]) { Bold = true, Separator = true },
            Bullets(text, "Welcome.Does1", "Welcome.Does2", "Welcome.Does3"),
            new TextBlock(text["Welcome.DoesNotTitle"]) { Bold = true },
            Bullets(text, "Welcome.DoesNot1", "Welcome.DoesNot2", "Welcome.DoesNot3"),
        };
        if (audience == WelcomeAudience.Team)
        {
            body.Add(new TextBlock(text["Welcome.TeamChannel"]) { Separator = true });
        }

        body.Add(new TextBlock(text["Welcome.Pause"]) { Subtle = true, Separator = audience == WelcomeAudience.Person });
        body.Add(new TextBlock(text["Welcome.Help"]) { Subtle = true });

        return new AdaptiveCard(body, [new ExecuteAction(text["Welcome.HelpButton"], CardVerbs.ShowHelp)]);
    }

    private static TextBlock Bullets(BotText text, params string[] keys) =>
        new(string.Join("\n", keys.Select(k => "- " + text[k])));
}
