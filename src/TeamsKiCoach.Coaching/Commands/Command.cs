namespace TeamsKiCoach.Coaching.Commands;

public enum CommandKind
{
    Unknown,
    Help,
    Pause,
    Resume,
}

/// <summary>A chat message, parsed once: what the person asked for, and the text after the command word.</summary>
public sealed record Command(CommandKind Kind, string Argument)
{
    public static Command Unknown(string text) => new(CommandKind.Unknown, text);
}
