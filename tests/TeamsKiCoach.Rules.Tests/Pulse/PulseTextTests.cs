using System.Globalization;
using TeamsKiCoach.Coaching.Pulse;

namespace TeamsKiCoach.Tests.Pulse;

public sealed class PulseTextTests
{
    [Fact]
    public void BothLanguagesHaveEveryText() =>
        Assert.Equal(PulseText.Keys(CultureInfo.InvariantCulture), PulseText.Keys(CultureInfo.GetCultureInfo("en")));

    [Theory]
    [InlineData("de-DE", 7, 7, "KW 7/2026")]
    [InlineData("de-DE", 5, 8, "KW 5–8/2026")]
    [InlineData("en-US", 7, 7, "Week 7, 2026")]
    [InlineData("en-GB", 5, 8, "Weeks 5–8, 2026")]
    public void PeriodsAreNamedInTheReadersLanguage(string locale, int from, int to, string expected) =>
        Assert.Equal(expected, PulseText.For(locale).Period(new IsoWeek(2026, from), new IsoWeek(2026, to)));

    [Fact]
    public void APeriodAcrossTheNewYearNamesBothYears()
    {
        Assert.Equal("KW 52/2025 – KW 2/2026", PulseText.German.Period(new IsoWeek(2025, 52), new IsoWeek(2026, 2)));
        Assert.Equal("Week 52, 2025 – week 2, 2026", PulseText.English.Period(new IsoWeek(2025, 52), new IsoWeek(2026, 2)));
    }

    [Fact]
    public void TheTrendAsTextCarriesTheSameNumbersAsTheChart()
    {
        PulseTrendPoint[] trend =
        [
            new(new IsoWeek(2026, 9), new IsoWeek(2026, 10), PulseGroup.Team, 3.25, 6, 1),
            new(new IsoWeek(2026, 11), new IsoWeek(2026, 12), PulseGroup.Company, 4.0, 9, 3),
        ];

        var german = PulseText.German.TrendText(trend).Split('\n');
        var english = PulseText.English.TrendText(trend).Split('\n');

        Assert.Equal("KW 9–10/2026, euer Team: Entlastung im Mittel 3,3 von 5, aus 6 Bewertungen", german[1]);
        Assert.Equal("KW 11–12/2026, Unternehmen, 3 Teams zusammen: Entlastung im Mittel 4,0 von 5, aus 9 Bewertungen", german[2]);
        Assert.Equal("Weeks 9–10, 2026, your team: average relief 3.3 of 5, from 6 ratings", english[1]);
        Assert.Equal(3, english.Length);
    }

    [Fact]
    public void ConfidentialityIsStatedWithItsNumbers()
    {
        Assert.Contains("ab 5 Antworten", PulseText.German.Confidential(5), StringComparison.Ordinal);
        Assert.Contains("Vertraulich", PulseText.German.Confidential(5), StringComparison.Ordinal);
        Assert.DoesNotContain("anonym", PulseText.German.Confidential(5), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("from 12 answers", PulseText.English.Confidential(12), StringComparison.Ordinal);
    }
}
