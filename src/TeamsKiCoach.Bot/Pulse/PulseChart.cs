using ScottPlot;
using TeamsKiCoach.Coaching.Pulse;

namespace TeamsKiCoach.Bot.Pulse;

/// <summary>A rendered chart: the PNG, its size, and the same numbers as text for screen readers.</summary>
public sealed record PulseChartImage(byte[] Png, int Width, int Height, string Text)
{
    /// <summary>The image inline, as an Adaptive Card's Image.url takes it, so no image host is needed.</summary>
    public string DataUri => "data:image/png;base64," + Convert.ToBase64String(Png);
}

/// <summary>
/// The relief trend of a team's pulse results as a PNG. It draws only <see cref="PulseResults.Trend"/>, the means
/// of aggregates the roll-up allowed, so the picture can never show more than the text does.
/// </summary>
public static class PulseChart
{
    public const int Width = 600;
    public const int Height = 300;

    private static readonly Color TeamColor = Color.FromHex("#5B5FC7");
    private static readonly Color CompanyColor = Color.FromHex("#C4314B");

    // ScottPlot's own sans-serif guess takes DejaVu Serif on Debian; SkiaSharp's Linux build without fontconfig
    // reads the font files under /usr/share/fonts, so the faces a Debian font package installs are named here.
    private static readonly Lazy<string> SansFont = new(() =>
    {
        var installed = SkiaSharp.SKFontManager.Default.FontFamilies.ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new[] { "DejaVu Sans", "Liberation Sans", "Segoe UI", "Arial" }.FirstOrDefault(installed.Contains) ?? Fonts.Default;
    });

    public static PulseChartImage Render(PulseResults results, PulseText text)
    {
        using var plot = new Plot();

        // The grid drawn without anti-aliasing keeps the PNG small, which matters because the card carries it
        // inline and Teams limits a message to about 28 KB.
        plot.Font.Set(SansFont.Value);
        plot.Axes.AntiAlias(false);
        plot.Title(text["Trend.Title"], size: 14);
        plot.YLabel(text["Trend.Axis"], size: 12);

        // One x position per week of the eight; a roll-up's point sits in the middle of the weeks it covers.
        var weeks = Enumerable.Range(0, PulseResults.TrendWeeks).Select(i => results.From.AddWeeks(i)).ToList();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            weeks.Select((_, i) => (double)i).ToArray(),
            weeks.Select(text.ShortWeek).ToArray());
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            [1, 2, 3, 4, 5], ["1", "2", "3", "4", "5"]);
        plot.Axes.SetLimits(-0.5, PulseResults.TrendWeeks - 0.5, 0.5, 5.5);

        var points = results.Trend.Select(p => (Point: p, X: Position(results.From, p))).ToList();
        if (points.Count > 1)
        {
            var line = plot.Add.ScatterLine(points.Select(p => p.X).ToArray(), points.Select(p => p.Point.Mean).ToArray());
            line.Color = Colors.Gray;
            line.LineWidth = 1.5f;
        }

        AddMarkers(plot, points.Where(p => p.Point.Group == PulseGroup.Team).ToList(), TeamColor, text.Group(PulseGroup.Team, 1));
        var company = points.Where(p => p.Point.Group == PulseGroup.Company).ToList();
        AddMarkers(plot, company, CompanyColor, text.Group(PulseGroup.Company, company.Select(p => p.Point.Teams).DefaultIfEmpty(0).Max()));
        if (points.Count > 0)
        {
            plot.ShowLegend(Alignment.LowerLeft);
        }

        var png = plot.GetImageBytes(Width, Height, ImageFormat.Png);
        return new PulseChartImage(png, Width, Height, text.TrendText(results.Trend));
    }

    private static void AddMarkers(Plot plot, IReadOnlyList<(PulseTrendPoint Point, double X)> points, Color color, string legend)
    {
        if (points.Count == 0)
        {
            return;
        }

        var markers = plot.Add.ScatterPoints(points.Select(p => p.X).ToArray(), points.Select(p => p.Point.Mean).ToArray());
        markers.Color = color;
        markers.MarkerSize = 10;
        markers.LegendText = legend;
    }

    /// <summary>Where a point goes: the middle of its weeks, kept inside the eight when a roll-up began before them.</summary>
    private static double Position(IsoWeek from, PulseTrendPoint point)
    {
        var first = Math.Max(0, from.WeeksUntil(point.From));
        var last = Math.Min(PulseResults.TrendWeeks - 1, from.WeeksUntil(point.To));
        return (first + last) / 2.0;
    }
}
