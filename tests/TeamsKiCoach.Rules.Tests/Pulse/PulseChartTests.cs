using System.Buffers.Binary;
using TeamsKiCoach.Bot.Pulse;
using TeamsKiCoach.Coaching.Pulse;
using static TeamsKiCoach.Tests.Pulse.PulseTenant;

namespace TeamsKiCoach.Tests.Pulse;

public sealed class PulseChartTests
{
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    [Fact]
    public void TheTrendIsAPngOfTheFixedSizeWithTheSameNumbersAsText()
    {
        var tenant = new PulseTenant()
            .Week("team-a", Week(5), 6, reliefs: [2, 3])
            .Week("team-a", Week(6), 3).Week("team-a", Week(7), 3, reliefs: [4])
            .Week("team-a", Week(9), 7, reliefs: [4, 5]);
        var results = tenant.Results("team-a", Midweek(12));

        var chart = PulseChart.Render(results, PulseText.German);

        var (width, height) = PngSize(chart.Png);
        Assert.Equal((PulseChart.Width, PulseChart.Height), (width, height));
        Assert.Equal((600, 300), (chart.Width, chart.Height));
        Assert.Equal(3, results.Trend.Count);
        Assert.Equal(PulseText.German.TrendText(results.Trend), chart.Text);
        Assert.Contains("KW 6–7/2026, euer Team: Entlastung im Mittel 3,5 von 5", chart.Text, StringComparison.Ordinal);
        Assert.StartsWith("data:image/png;base64,", chart.DataUri, StringComparison.Ordinal);
    }

    [Fact]
    public void WithNothingToShowTheChartIsStillAnImageAndTheTextSaysWhy()
    {
        var results = new PulseTenant().Week("team-a", Week(10), 2).Results("team-a", Midweek(12));

        var chart = PulseChart.Render(results, PulseText.English);

        Assert.Equal((600, 300), PngSize(chart.Png));
        Assert.Equal(PulseText.English["Trend.None"], chart.Text);
    }

    [Fact]
    public void TheChartDrawsSomethingForEachPointItIsGiven()
    {
        var empty = PulseChart.Render(new PulseTenant().Team("team-a").Results("team-a", Midweek(12)), PulseText.German);
        var full = PulseChart.Render(new PulseTenant().Week("team-a", Week(10), 6, reliefs: [5]).Results("team-a", Midweek(12)), PulseText.German);

        Assert.NotEqual(empty.Png, full.Png);
    }

    /// <summary>Width and height from the IHDR chunk, which a valid PNG has right after its signature.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.AsSpan(0, 8).SequenceEqual(PngSignature), "not a PNG signature");
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }
}
