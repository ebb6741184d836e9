using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace TeamsKiCoach.Coaching.Commands;

/// <summary>
/// Turns what a person typed (the caller removes the bot's @mention) into a <see cref="Command"/>. German and
/// English words, any case, with or without accents and umlauts, trailing punctuation ignored.
/// A command is the whole message, never its first words: "Pause machen wir nie, weil …" is friction, not a pause.
/// </summary>
public static partial class CommandParser
{
    private static readonly Dictionary<string, CommandKind> Phrases = new (string Phrase, CommandKind Kind)[]
    {
        ("hilfe", CommandKind.Help),
        ("help", CommandKind.Help),
        ("?", CommandKind.Help),
        ("befehle", CommandKind.Help),
        ("commands", CommandKind.Help),
        ("was kannst du", CommandKind.Help),
        ("what can you do", CommandKind.Help),
        ("wie funktioniert das", CommandKind.Help),
        ("how does this work", CommandKind.Help),
        ("pause", CommandKind.Pause),
        ("pausieren", CommandKind.Pause),
        ("stopp", CommandKind.Pause),
        ("stop", CommandKind.Pause),
        ("weiter", CommandKind.Resume),
        ("fortsetzen", CommandKind.Resume),
        ("resume", CommandKind.Resume),
        ("continue", CommandKind.Resume),
        ("status", CommandKind.Status),
        ("stand", CommandKind.Status),
        ("impulse jetzt senden", CommandKind.SendPromptsNow),
        ("impuls jetzt senden", CommandKind.SendPromptsNow),
        ("send prompts now", CommandKind.SendPromptsNow),
        ("prompts now", CommandKind.SendPromptsNow),
        ("backlog", CommandKind.Backlog),
        ("team backlog", CommandKind.Backlog),
        ("team-backlog", CommandKind.Backlog),
        ("backlog anzeigen", CommandKind.Backlog),
        ("show backlog", CommandKind.Backlog),
        ("meine eintrage", CommandKind.MyEntries),
        ("meine eintraege", CommandKind.MyEntries),
        ("my entries", CommandKind.MyEntries),
        ("puls jetzt senden", CommandKind.SendPulseNow),
        ("send pulse now", CommandKind.SendPulseNow),
        ("puls", CommandKind.PulseResults),
        ("puls ergebnisse", CommandKind.PulseResults),
        ("pulse", CommandKind.PulseResults),
        ("pulse results", CommandKind.PulseResults),
        ("meine daten", CommandKind.MyData),
        ("my data", CommandKind.MyData),
        ("was weisst du uber mich", CommandKind.MyData),
        ("what do you know about me", CommandKind.MyData),
        ("prufen", CommandKind.Review),
        ("pruefen", CommandKind.Review),
        ("review", CommandKind.Review),
        ("muss das ein mensch tun", CommandKind.Review),
        ("must a human do this", CommandKind.Review),
        ("backlog exportieren", CommandKind.ExportBacklog),
        ("backlog export", CommandKind.ExportBacklog),
        ("export backlog", CommandKind.ExportBacklog),
        ("export the backlog", CommandKind.ExportBacklog),
        ("piloten", CommandKind.Pilots),
        ("pilots", CommandKind.Pilots),
        ("verlauf", CommandKind.History),
        ("history", CommandKind.History),
        ("was ist automatisiert", CommandKind.Registry),
        ("was ist hier automatisiert", CommandKind.Registry),
        ("automatisierungen", CommandKind.Registry),
        ("what is automated", CommandKind.Registry),
        ("what's automated", CommandKind.Registry),
        ("what is automated here", CommandKind.Registry),
        ("automations", CommandKind.Registry),
        ("nudge jetzt senden", CommandKind.SendNudgeNow),
        ("hinweis jetzt senden", CommandKind.SendNudgeNow),
        ("send nudge now", CommandKind.SendNudgeNow),
    }
    .ToDictionary(p => Normalize(p.Phrase), p => p.Kind, StringComparer.Ordinal);

    private static readonly string[] Courtesies = [" bitte", " please"];

    private static readonly Command Unknown = Command.Of(CommandKind.Unknown);

    /// <summary>Parses a message; <paramref name="today"/> is the person's local date, for dates without a year.</summary>
    public static Command Parse(string? text, DateOnly today)
    {
        if (text is not null && CapturePattern().Match(text) is { Success: true } capture)
        {
            return new Command(CommandKind.Capture, Text: capture.Groups["text"].Value.Trim(), Anonymous: capture.Groups["anonymous"].Success);
        }

        var normalized = Normalize(text);
        if (normalized.Length == 0)
        {
            return Unknown;
        }

        if (Phrases.TryGetValue(normalized, out var kind))
        {
            return Command.Of(kind);
        }

        if (Courtesies.FirstOrDefault(c => normalized.EndsWith(c, StringComparison.Ordinal)) is { } courtesy
            && Phrases.TryGetValue(normalized[..^courtesy.Length], out var polite)
            && polite == CommandKind.Help)
        {
            return Command.Of(CommandKind.Help);
        }

        return ParsePause(normalized) ?? ParseVacation(normalized, today) ?? ParsePromptTime(normalized)
            ?? ParseHistory(normalized) ?? ParseAddLead(normalized) ?? ParseRegistry(text!, normalized) ?? Unknown;
    }

    // "erkläre <name>" keeps the name as typed; a question is one only with its question mark and a word about
    // automation or AI, so a complaint that merely mentions "automatisch" stays friction.
    private static Command? ParseRegistry(string text, string normalized)
    {
        if (ExplainPattern().IsMatch(normalized) && ExplainPrefix().Match(text) is { Success: true } typed)
        {
            var name = typed.Groups["name"].Value.Trim().TrimEnd('.', '!', '?', ' ');
            return name.Length > 0 ? new Command(CommandKind.Explain, Text: name) : null;
        }

        return text.TrimEnd().EndsWith('?') && QuestionPattern().IsMatch(normalized)
            ? new Command(CommandKind.AskRegistry, Text: text.Trim())
            : null;
    }

    private static Command? ParseHistory(string text) =>
        HistoryPattern().Match(text) is { Success: true } match
        && int.TryParse(match.Groups["number"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? new Command(CommandKind.History, Number: number)
            : null;

    // The person to add is the @mention Teams puts into the text; the bot reads who it is from the activity's entities.
    private static Command? ParseAddLead(string text) =>
        AddLeadPattern().IsMatch(text) ? Command.Of(CommandKind.AddLead) : null;

    /// <summary>
    /// Lower case, accents and umlauts folded (ä → a, ß → ss), commas read as spaces, one space between words,
    /// no trailing punctuation.
    /// </summary>
    public static string Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        var decomposed = text.Trim().ToLowerInvariant().Replace("ß", "ss", StringComparison.Ordinal).Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        var pendingSpace = false;
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue;
            }

            if (char.IsWhiteSpace(c) || c == ',')
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        var result = builder.ToString();
        var trimmed = result.TrimEnd('.', '!', '?', ';', ':', ' ');

        // "hilfe?" asks for help just like "hilfe"; so does a question mark alone ("?", "??").
        return trimmed.Length > 0 ? trimmed : result.Contains('?', StringComparison.Ordinal) ? "?" : result;
    }

    private static Command? ParsePause(string text)
    {
        var match = PausePattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var count = match.Groups["count"].Value is var digits && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;
        var days = match.Groups["unit"].Value.StartsWith('w') ? count * 7 : count;
        return days is >= PauseSpan.MinDays and <= PauseSpan.MaxDays
            ? new Command(CommandKind.Pause, Pause: new PauseSpan(days))
            : Command.Of(CommandKind.InvalidPause);
    }

    private static Command? ParseVacation(string text, DateOnly today)
    {
        var match = VacationPattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var date = match.Groups["date"].Value;
        if (GermanDate().Match(date) is { Success: true } german)
        {
            return Vacation(Number(german, "day"), Number(german, "month"), Year(german), today);
        }

        if (IsoDate().Match(date) is { Success: true } iso)
        {
            return Vacation(Number(iso, "day"), Number(iso, "month"), Number(iso, "year"), today);
        }

        if (SlashDate().Match(date) is { Success: true } slash)
        {
            // "12/24" is month/day, "24/12" day/month; "3/4" could be either, and a vacation must not be guessed.
            var (first, second) = (Number(slash, "first"), Number(slash, "second"));
            if (first <= 12 && second <= 12 && first != second)
            {
                return Command.Of(CommandKind.InvalidDate);
            }

            return first > 12
                ? Vacation(first, second, Year(slash), today)
                : Vacation(second, first, Year(slash), today);
        }

        return null;
    }

    private static Command Vacation(int day, int month, int? year, DateOnly today)
    {
        if (year is { } y)
        {
            return IsDate(y, month, day) && new DateOnly(y, month, day) is var until && until >= today
                ? new Command(CommandKind.Vacation, Until: until)
                : Command.Of(CommandKind.InvalidDate);
        }

        // Without a year: the next such date on or after today; 29.2. waits for the next leap year.
        for (var candidate = today.Year; candidate <= today.Year + 8; candidate++)
        {
            if (IsDate(candidate, month, day) && new DateOnly(candidate, month, day) is var until && until >= today)
            {
                return new Command(CommandKind.Vacation, Until: until);
            }
        }

        return Command.Of(CommandKind.InvalidDate);
    }

    private static Command? ParsePromptTime(string text)
    {
        var match = TimePattern().Match(text);
        if (!match.Success)
        {
            return null;
        }

        var time = match.Groups["time"].Value;
        if (TwelveHourTime().Match(time) is { Success: true } twelve)
        {
            var hour = Number(twelve, "hour");
            var minute = twelve.Groups["minute"].Success ? Number(twelve, "minute") : 0;
            if (hour is < 1 or > 12 || minute > 59)
            {
                return Command.Of(CommandKind.InvalidTime);
            }

            var afternoon = twelve.Groups["half"].Value.StartsWith('p');
            return new Command(CommandKind.PromptTime, Time: new TimeOnly((hour % 12) + (afternoon ? 12 : 0), minute));
        }

        if (DayTime().Match(time) is { Success: true } day)
        {
            var hour = Number(day, "hour");
            var minute = day.Groups["minute"].Success ? Number(day, "minute") : 0;
            return hour <= 23 && minute <= 59
                ? new Command(CommandKind.PromptTime, Time: new TimeOnly(hour, minute))
                : Command.Of(CommandKind.InvalidTime);
        }

        return null;
    }

    private static bool IsDate(int year, int month, int day) =>
        year is >= 1 and <= 9999 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);

    private static int Number(Match match, string group) => int.Parse(match.Groups[group].Value, NumberStyles.None, CultureInfo.InvariantCulture);

    // A two-digit year is this century's: "12.12.26" is 2026.
    private static int? Year(Match match) => match.Groups["year"] is { Success: true, Value: var year }
        ? (year.Length == 2 ? 2000 : 0) + int.Parse(year, NumberStyles.None, CultureInfo.InvariantCulture)
        : null;

    // The text after the colon is kept as typed (case, markup, emoji, line breaks): it is the person's words.
    [GeneratedRegex(@"^\s*(?:reibung|friction)(?<anonymous>\s+(?:anonym|anonymous))?\s*:(?<text>.*)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex CapturePattern();

    [GeneratedRegex(@"^(?:erklare|erklaere|erklar|explain) \S", RegexOptions.CultureInvariant)]
    private static partial Regex ExplainPattern();

    [GeneratedRegex(@"^\s*(?:erkl(?:ä|ae|a)re?|explain)\s+(?<name>.+)$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex ExplainPrefix();

    [GeneratedRegex(@"^(?:was|wer|wie|wo|wann|warum|wozu|welche[rsnm]?|gibt|ist|sind|macht|nutzt|nutzen|what|who|how|where|when|why|which|is|are|does|do)\b.*\b(?:automatisier\w*|automatis\w*|automati[co]\w*|ki|ai)\b", RegexOptions.CultureInvariant)]
    private static partial Regex QuestionPattern();

    [GeneratedRegex(@"^(?:pause|pausieren|stopp|stop)(?: (?:fur|for))? (?:(?<count>[0-9]{1,4})|eine|einen|ein|one|a) (?<unit>tage|tagen|tag|days|day|wochen|woche|weeks|week)$", RegexOptions.CultureInvariant)]
    private static partial Regex PausePattern();

    [GeneratedRegex(@"^(?:urlaub bis|vacation until|off until)(?: zum)? (?<date>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex VacationPattern();

    [GeneratedRegex(@"^(?<day>[0-9]{1,2})\.(?<month>[0-9]{1,2})(?:\.(?<year>[0-9]{4}|[0-9]{2}))?\.?$", RegexOptions.CultureInvariant)]
    private static partial Regex GermanDate();

    [GeneratedRegex(@"^(?<year>[0-9]{4})-(?<month>[0-9]{1,2})-(?<day>[0-9]{1,2})$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<first>[0-9]{1,2})/(?<second>[0-9]{1,2})(?:/(?<year>[0-9]{4}|[0-9]{2}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex SlashDate();

    [GeneratedRegex(@"^(?:verlauf|history)(?: (?:von|of|fur|for))?(?: (?:pilot|piloten))? #?(?<number>[0-9]{1,6})$", RegexOptions.CultureInvariant)]
    private static partial Regex HistoryPattern();

    [GeneratedRegex(@"^(?:leitung hinzufugen|leitung hinzufuegen|teamleitung hinzufugen|teamleitung hinzufuegen|add lead|add a lead|add team lead)(?: .*)?$", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex AddLeadPattern();

    [GeneratedRegex(@"^(?:zeit|uhrzeit|time)(?: (?:um|at))? (?<time>.+)$", RegexOptions.CultureInvariant)]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(?<hour>[0-9]{1,2})(?:[:.](?<minute>[0-9]{2}))? ?(?<half>am|pm|a\.m\.?|p\.m\.?)$", RegexOptions.CultureInvariant)]
    private static partial Regex TwelveHourTime();

    [GeneratedRegex(@"^(?<hour>[0-9]{1,2})(?:[:.](?<minute>[0-9]{2}))?(?: ?uhr| ?h)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DayTime();
}
