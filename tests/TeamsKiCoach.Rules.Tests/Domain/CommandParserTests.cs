using System.Globalization;
using TeamsKiCoach.Coaching.Commands;

namespace TeamsKiCoach.Tests.Domain;

public sealed class CommandParserTests
{
    private static readonly DateOnly Today = new(2026, 11, 25);

    private static readonly (string Text, CommandKind Kind)[] PlainCommands =
    [
        ("hilfe", CommandKind.Help),
        ("help", CommandKind.Help),
        ("?", CommandKind.Help),
        ("befehle", CommandKind.Help),
        ("commands", CommandKind.Help),
        ("was kannst du", CommandKind.Help),
        ("what can you do", CommandKind.Help),
        ("wie funktioniert das", CommandKind.Help),
        ("how does this work", CommandKind.Help),
        ("hilfe bitte", CommandKind.Help),
        ("help please", CommandKind.Help),
        ("was kannst du bitte", CommandKind.Help),
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
        ("backlog exportieren", CommandKind.ExportBacklog),
        ("backlog export", CommandKind.ExportBacklog),
        ("export backlog", CommandKind.ExportBacklog),
        ("export the backlog", CommandKind.ExportBacklog),
        ("prüfen", CommandKind.Review),
        ("Prüfen!", CommandKind.Review),
        ("pruefen", CommandKind.Review),
        ("review", CommandKind.Review),
        ("Muss das ein Mensch tun?", CommandKind.Review),
        ("must a human do this?", CommandKind.Review),
    ];

    // What people really type when something bugs them; a command word at the start does not make it a command.
    private static readonly string[] FrictionTails =
    [
        "machen wir nie, weil die Übergabe fehlt",
        "warten auf Freigaben nervt",
        "ist bei uns immer Chaos",
        "dauert jeden Montag ewig",
        "the invoices by hand, please",
        "bitte nicht",
        "2 Wochen lang auf die IT gewartet",
        "Uhr",
    ];

    [Fact]
    public void EveryCommandIsRecognisedInAnyCaseWithAccentsSpacesAndTrailingPunctuation()
    {
        var decorations = new Func<string, string>[]
        {
            t => t,
            t => t.ToUpperInvariant(),
            t => CultureInfo.GetCultureInfo("de-DE").TextInfo.ToTitleCase(t),
            t => $"  {t}\t ",
            t => t + "!",
            t => t + "?",
            t => t + ".",
            t => t + " !!",
            t => t.Replace(" ", "   ", StringComparison.Ordinal),
            t => t.Replace("i", "í", StringComparison.Ordinal).Replace("e", "é", StringComparison.Ordinal),
        };

        foreach (var (text, kind) in PlainCommands)
        {
            foreach (var decorate in decorations)
            {
                var typed = decorate(text);
                Assert.True(kind == CommandParser.Parse(typed, Today).Kind, $"\"{typed}\" should be {kind}");
            }
        }
    }

    [Fact]
    public void ACommandWordFollowedByMoreTextIsFrictionNotACommand()
    {
        foreach (var (text, _) in PlainCommands.Where(c => c.Text != "?"))
        {
            foreach (var tail in FrictionTails)
            {
                var typed = $"{text} {tail}";
                Assert.True(CommandParser.Parse(typed, Today).Kind == CommandKind.Unknown, $"\"{typed}\" is no command");
                Assert.True(CommandParser.Parse($"Ehrlich: {typed}", Today).Kind == CommandKind.Unknown, $"\"Ehrlich: {typed}\" is no command");
            }
        }
    }

    [Theory]
    [InlineData("Pause machen wir nie, weil immer etwas brennt")]
    [InlineData("weiter warten auf Freigaben nervt")]
    [InlineData("Stop and go im Ticketsystem")]
    [InlineData("Status-Updates per Mail abtippen")]
    [InlineData("Zeit fressen die Meetings")]
    [InlineData("Zeit 9:00 ist zu früh")]
    [InlineData("Urlaub bis Ende August beantragen dauert")]
    [InlineData("Urlaub bis morgen")]
    [InlineData("pause 2 monate")]
    [InlineData("Rechnungen abtippen nervt")]
    [InlineData("prüfen ob die Lieferung da ist dauert")]
    [InlineData("hilfreich")]
    [InlineData("weitermachen ist schwer")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("!!!")]
    [InlineData(null)]
    public void TextThatIsNoCommandStaysUnknown(string? text) =>
        Assert.Equal(CommandKind.Unknown, CommandParser.Parse(text, Today).Kind);

    [Fact]
    public void APauseWithASpanCarriesItsDaysFromOneDayToNinety()
    {
        for (var days = 1; days <= 90; days++)
        {
            foreach (var typed in new[] { $"pause {days} tage", $"Pause {days} Tage", $"pause {days} days", $"pausieren für {days} Tage", $"stop for {days} days" })
            {
                Assert.Equal(new Command(CommandKind.Pause, Pause: new PauseSpan(days)), CommandParser.Parse(typed, Today));
            }
        }

        for (var weeks = 1; weeks <= 12; weeks++)
        {
            foreach (var typed in new[] { $"pause {weeks} wochen", $"pause {weeks} woche", $"pause {weeks} weeks", $"Pause {weeks} Wochen." })
            {
                Assert.Equal(new PauseSpan(weeks * 7), CommandParser.Parse(typed, Today).Pause);
            }
        }

        Assert.Equal(new PauseSpan(7), CommandParser.Parse("pause eine woche", Today).Pause);
        Assert.Equal(new PauseSpan(1), CommandParser.Parse("pause 1 tag", Today).Pause);
        Assert.Equal(new PauseSpan(1), CommandParser.Parse("pause 1 day", Today).Pause);
        Assert.Null(CommandParser.Parse("pause", Today).Pause);
    }

    [Theory]
    [InlineData("pause 0 tage")]
    [InlineData("pause 91 tage")]
    [InlineData("pause 13 wochen")]
    [InlineData("pause 365 days")]
    public void APauseOutsideOneToNinetyDaysIsRefusedNotShortened(string text) =>
        Assert.Equal(Command.Of(CommandKind.InvalidPause), CommandParser.Parse(text, Today));

    [Fact]
    public void AVacationDateWithoutAYearIsTheNextSuchDayOnOrAfterToday()
    {
        for (var day = Today; day < Today.AddYears(1); day = day.AddDays(1))
        {
            var expected = new Command(CommandKind.Vacation, Until: day);
            foreach (var typed in new[]
            {
                $"urlaub bis {day.Day}.{day.Month}.",
                $"Urlaub bis {day:dd.MM.}",
                $"urlaub bis zum {day.Day}.{day.Month}",
                $"urlaub bis {day:d.M.yyyy}",
                $"urlaub bis {day:d.M.yy}",
                $"vacation until {day:yyyy-MM-dd}",
                $"off until {day:yyyy-MM-dd}",
            })
            {
                Assert.True(expected == CommandParser.Parse(typed, Today), $"\"{typed}\" should end on {day:O}");
            }

            if (day.Day > 12 || day.Day == day.Month)
            {
                Assert.Equal(expected, CommandParser.Parse($"vacation until {day.Month}/{day.Day}", Today));
                Assert.Equal(expected, CommandParser.Parse($"off until {day.Day}/{day.Month}", Today));
            }
        }
    }

    [Theory]
    [InlineData("urlaub bis 12.12.", "2026-12-12")]
    [InlineData("urlaub bis 5.1.", "2027-01-05")]
    [InlineData("urlaub bis 25.11.", "2026-11-25")]
    [InlineData("urlaub bis 24.11.", "2027-11-24")]
    [InlineData("urlaub bis 29.2.", "2028-02-29")]
    [InlineData("urlaub bis 12.12.2026", "2026-12-12")]
    [InlineData("vacation until 12/12", "2026-12-12")]
    [InlineData("vacation until 12/24", "2026-12-24")]
    [InlineData("vacation until 24/12/2027", "2027-12-24")]
    [InlineData("vacation until 2026-12-12", "2026-12-12")]
    [InlineData("off until 12/12", "2026-12-12")]
    public void VacationEndsOnTheLastDayOff(string text, string until) =>
        Assert.Equal(new Command(CommandKind.Vacation, Until: DateOnly.Parse(until, CultureInfo.InvariantCulture)), CommandParser.Parse(text, Today));

    [Theory]
    [InlineData("urlaub bis 31.02.")]
    [InlineData("urlaub bis 30.2.2027")]
    [InlineData("urlaub bis 0.1.")]
    [InlineData("urlaub bis 32.1.")]
    [InlineData("urlaub bis 1.13.")]
    [InlineData("urlaub bis 1.1.2020")]
    [InlineData("vacation until 2026-13-01")]
    [InlineData("vacation until 2026-02-29")]
    [InlineData("vacation until 3/4")]
    [InlineData("off until 13/13")]
    public void AVacationDateThatDoesNotExistIsInThePastOrIsAmbiguousIsNamedAsSuch(string text) =>
        Assert.Equal(Command.Of(CommandKind.InvalidDate), CommandParser.Parse(text, Today));

    [Fact]
    public void APromptTimeIsReadInEveryWayPeopleWriteTheClock()
    {
        for (var minutes = 0; minutes < 24 * 60; minutes++)
        {
            var time = new TimeOnly(minutes / 60, minutes % 60);
            var expected = new Command(CommandKind.PromptTime, Time: time);
            var hour12 = time.Hour % 12 == 0 ? 12 : time.Hour % 12;
            var half = time.Hour < 12 ? "am" : "pm";
            foreach (var typed in new[]
            {
                $"zeit {time.Hour}:{time.Minute:00}",
                $"Zeit {time.Hour:00}:{time.Minute:00}",
                $"zeit {time.Hour}.{time.Minute:00}",
                $"zeit {time.Hour}:{time.Minute:00} Uhr",
                $"time {time.Hour:00}:{time.Minute:00}",
                $"time {hour12}:{time.Minute:00} {half}",
                $"Time {hour12}:{time.Minute:00}{half.ToUpperInvariant()}",
                $"time {hour12}:{time.Minute:00} {half[0]}.m.",
            })
            {
                Assert.True(expected == CommandParser.Parse(typed, Today), $"\"{typed}\" should be {time}");
            }

            if (time.Minute == 0)
            {
                Assert.Equal(expected, CommandParser.Parse($"zeit {time.Hour} uhr", Today));
                Assert.Equal(expected, CommandParser.Parse($"time {hour12} {half}", Today));
            }
        }
    }

    [Theory]
    [InlineData("zeit 25:00")]
    [InlineData("zeit 24:00")]
    [InlineData("zeit 9:60")]
    [InlineData("zeit 99 uhr")]
    [InlineData("time 13 pm")]
    [InlineData("time 0:30 am")]
    public void ATimeThatIsNoTimeOfDayIsNamedAsSuch(string text) =>
        Assert.Equal(Command.Of(CommandKind.InvalidTime), CommandParser.Parse(text, Today));

    [Theory]
    [InlineData("Hïlfé", "hilfe")]
    [InlineData("Straße", "strasse")]
    [InlineData("ÄÖÜ äöü", "aou aou")]
    [InlineData("Hilfe, bitte!", "hilfe bitte")]
    [InlineData("was kannst du ?", "was kannst du")]
    public void FoldsAccentsUmlautsCaseAndPunctuation(string text, string expected) =>
        Assert.Equal(expected, CommandParser.Normalize(text));
}
