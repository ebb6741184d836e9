using TeamsKiCoach.Bot.Localization;

namespace TeamsKiCoach.Bot.Cards;

public enum WelcomeAudience
{
    /// <summary>One person, in their personal chat.</summary>
    Person,

    /// <summary>A team, in its channel.</summary>
    Team,

    /// <summary>The people of a group chat.</summary>
    Group,
}

/// <summary>The first thing people see: what the bot does, what it never does, how to pause it, where help is.</summary>
public static class WelcomeCard
{
    public static AdaptiveCard Build(WelcomeAudience audience, BotText text)
    {
        // Team and group cards speak to several people ("Many" texts) and say where the questions are asked.
        var many = audience != WelcomeAudience.Person;
        var body = new List<CardElement>
        {
            new TextBlock(text[many ? "Welcome.Title.Many" : "Welcome.Title"]) { Bold = true, Size = TextSize.Medium },
            new TextBlock(text[audience switch
            {
                WelcomeAudience.Team => "Welcome.TeamIntro",
                WelcomeAudience.Group => "Welcome.GroupIntro",
                _ => "Welcome.Intro",
            }]),
            new TextBlock(text["Welcome.DoesTitle"]) { Bold = true, Separator = true },
            Bullets(text, many ? "Welcome.Does1.Many" : "Welcome.Does1", "Welcome.Does2", many ? "Welcome.Does3.Many" : "Welcome.Does3"),
            new TextBlock(text["Welcome.DoesNotTitle"]) { Bold = true },
            Bullets(text, "Welcome.DoesNot1", "Welcome.DoesNot2", "Welcome.DoesNot3"),
        };
        if (many)
        {
            body.Add(new TextBlock(text[audience == WelcomeAudience.Team ? "Welcome.TeamChannel" : "Welcome.GroupChat"]) { Separator = true });
        }

        body.Add(new TextBlock(text[many ? "Welcome.Pause.Many" : "Welcome.Pause"]) { Subtle = true, Separator = !many });
        body.Add(new TextBlock(text["Welcome.Help"]) { Subtle = true });

        return new AdaptiveCard(body, [new ExecuteAction(text["Welcome.HelpButton"], CardVerbs.ShowHelp)]);
    }

    private static TextBlock Bullets(BotText text, params string[] keys) =>
        new(string.Join("\n", keys.Select(k => "- " + text[k])));
}
