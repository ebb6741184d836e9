namespace TeamsKiCoach.Coaching.Backlog.Exchange;

/// <summary>
/// Keeps a spreadsheet from running people's text as a formula ("=HYPERLINK(…)", "+1+cmd|…"). A CSV cell that
/// starts with = + - @ tab or carriage return gets a leading apostrophe, which Excel and LibreOffice read as
/// "this is text". The escape is reversible so that an exported file imports back to the same texts: any run of
/// apostrophes before such a character gets one more, and the import takes exactly one away.
/// </summary>
public static class FormulaGuard
{
    private static readonly char[] Triggers = ['=', '+', '-', '@', '\t', '\r'];

    public static string Escape(string value) => NeedsGuard(value) ? "'" + value : value;

    public static string Unescape(string value) =>
        value.Length > 1 && value[0] == '\'' && NeedsGuard(value[1..]) ? value[1..] : value;

    // Apostrophes, then a trigger character: "=1", "'=1", "''@x" need one; "'text" and "" do not.
    private static bool NeedsGuard(string value)
    {
        var i = 0;
        while (i < value.Length && value[i] == '\'')
        {
            i++;
        }

        return i < value.Length && Triggers.Contains(value[i]);
    }
}
