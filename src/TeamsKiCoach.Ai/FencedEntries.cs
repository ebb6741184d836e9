using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Ai;

/// <summary>
/// How employees' entries go to a model: as data, never as instructions. Each entry is one JSON object on a line of
/// its own (so a line break or a quote in an entry cannot leave its string), inside a fence whose name carries a
/// random tag made for this one call, which no entry can guess and close.
/// </summary>
internal static class FencedEntries
{
    /// <summary>The most entries one prompt carries: the newest ones; the pattern's own figures still count them all.</summary>
    public const int MaxEntries = 40;

    // Letters of every language stay readable ("Rechnungsprüfung", not "\u00FC"); quotes, control characters
    // and the markup characters < > & stay escaped, so no entry can write a fence line of its own.
    public static readonly JsonSerializerOptions Json = new() { Encoder = JavaScriptEncoder.Create(UnicodeRanges.All) };

    public static string NewFence() => "ENTRIES-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12));

    /// <summary>Appends the newest <see cref="MaxEntries"/> entries in the fence, saying so when there are more.</summary>
    public static void Append<TEntry>(StringBuilder user, string fence, IReadOnlyList<TEntry> entries, Func<TEntry, object> line)
    {
        var shown = entries.Count <= MaxEntries ? entries : entries.Skip(entries.Count - MaxEntries).ToList();
        if (shown.Count < entries.Count)
        {
            user.AppendLine(FormattableString.Invariant($"Showing the {shown.Count} most recent of {entries.Count} entries."));
        }

        user.AppendLine($"<{fence}>");
        foreach (var entry in shown)
        {
            user.AppendLine(JsonSerializer.Serialize(line(entry), Json));
        }

        user.AppendLine($"</{fence}>");
    }

    public static string Frequency(Frequency frequency) => frequency switch
    {
        Coaching.Backlog.Frequency.Daily => "daily",
        Coaching.Backlog.Frequency.Weekly => "weekly",
        Coaching.Backlog.Frequency.Monthly => "monthly",
        _ => "rarely",
    };
}
