using TeamsKiCoach.Coaching.Pulse;

namespace TeamsKiCoach.Tests.Pulse;

public sealed class PulseAnswerTests
{
    private static readonly byte[] Secret = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();
    private static readonly IsoWeek Week = new(2026, 10);

    [Fact]
    public void TheSamePersonInTheSameWeekGetsTheSameKeySoASecondAnswerReplacesTheFirst()
    {
        var keys = new PulseAnswerKey(Secret);

        Assert.Equal(keys.For("t", "team", Week, "person"), new PulseAnswerKey(Secret).For("t", "team", Week, "PERSON"));
    }

    [Fact]
    public void KeysDifferByWeekTeamPersonAndSecretAndDoNotContainThePerson()
    {
        var keys = new PulseAnswerKey(Secret);
        var key = keys.For("t", "team", Week, "11111111-2222-3333-4444-555555555555");

        var others = new[]
        {
            keys.For("t", "team", Week.AddWeeks(1), "11111111-2222-3333-4444-555555555555"),
            keys.For("t", "team-2", Week, "11111111-2222-3333-4444-555555555555"),
            keys.For("t2", "team", Week, "11111111-2222-3333-4444-555555555555"),
            keys.For("t", "team", Week, "11111111-2222-3333-4444-555555555556"),
            new PulseAnswerKey(Secret.Reverse().ToArray()).For("t", "team", Week, "11111111-2222-3333-4444-555555555555"),
            keys.For("t", "team|2026-W10", Week, "x"),
        };

        Assert.DoesNotContain(key, others);
        Assert.Equal(others.Length, others.Distinct().Count());
        Assert.DoesNotContain("11111111", key, StringComparison.Ordinal);
        Assert.Equal(64, key.Length);
    }

    [Fact]
    public void AShortSecretIsRefused() =>
        Assert.Throws<ArgumentException>(() => new PulseAnswerKey(new byte[16]));

    [Fact]
    public void NoTimeThisWeekStandsAloneAndTextsAreTidied()
    {
        var busy = new PulseSubmission(4, "Excel", null, null, noTime: true);
        var answer = new PulseSubmission(4, "  Rechnungen  ", "   ", new string('x', 600), noTime: false);

        Assert.Equal((null, null, true), (busy.Relief, busy.Bypassed, busy.NoTime));
        Assert.Equal("Rechnungen", answer.Bypassed);
        Assert.Null(answer.NewQuestions);
        Assert.Equal(PulseAnswer.MaxTextLength, answer.StillManual!.Length);
        Assert.True(new PulseSubmission(null, " ", null, null, false).IsEmpty);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    public void ReliefOutsideOneToFiveIsRefused(int relief) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PulseSubmission(relief, null, null, null, false));

    [Fact]
    public void AChangedAnswerReplacesEverythingAndTheKeyIsForgottenAfterClose()
    {
        var answer = PulseAnswer.Create("t", "team", Week, "key", new PulseSubmission(2, "Excel", "Wer prüft?", null, false));

        answer.Apply(new PulseSubmission(5, null, null, "Mahnungen", false));
        answer.ForgetKey();

        Assert.Equal((5, null, null, "Mahnungen", false), (answer.Relief, answer.Bypassed, answer.NewQuestions, answer.StillManual, answer.NoTime));
        Assert.Equal(Week, answer.IsoWeek);
        Assert.Null(answer.AnswerKey);
    }

    [Fact]
    public void TheAnswerHasNoFieldThatNamesAPersonOrATime()
    {
        var properties = typeof(PulseAnswer).GetProperties().Select(p => (p.Name, p.PropertyType)).ToList();

        Assert.DoesNotContain(properties, p => p.Name.Contains("Aad", StringComparison.OrdinalIgnoreCase) || p.Name.Contains("User", StringComparison.OrdinalIgnoreCase) || p.Name.Contains("Author", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(properties, p => p.PropertyType == typeof(DateTimeOffset) || p.PropertyType == typeof(DateTimeOffset?) || p.PropertyType == typeof(DateTime));
    }
}
