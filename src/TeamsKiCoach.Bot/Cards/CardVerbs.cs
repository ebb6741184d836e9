namespace TeamsKiCoach.Bot.Cards;

/// <summary>Every verb a card button can send; the card builders and the invoke handler use these constants.</summary>
public static class CardVerbs
{
    public const string ShowHelp = "help.show";
    public const string AnswerPrompt = "prompt.answer";
    public const string NothingToday = "prompt.nothing";
}
