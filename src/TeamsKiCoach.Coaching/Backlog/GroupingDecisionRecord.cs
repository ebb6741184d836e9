using System.Globalization;
using TeamsKiCoach.Coaching.Backlog.Patterns;

namespace TeamsKiCoach.Coaching.Backlog;

public enum DecisionKind
{
    /// <summary>A lead merged two patterns: <see cref="GroupingDecisionRecord.EntryIds"/> and the others belong together.</summary>
    Merge,

    /// <summary>A lead split one entry out of its pattern: it stays apart from the others.</summary>
    Split,

    /// <summary>A "betrifft mich auch": the +1 entry stays with the entry whose pattern it was given to.</summary>
    PlusOne,
}

/// <summary>
/// One decision about a team's grouping, applied in the order recorded, so that the later decision wins. It names
/// the pattern it was taken on (<see cref="PatternId"/>), and keeps the entry ids too: a full regrouping starts
/// from the entries and honours the decision by them.
/// </summary>
public sealed class GroupingDecisionRecord : ITenantOwned
{
    public long Id { get; set; }
    public required string TenantId { get; set; }
    public required string TeamId { get; set; }
    public DecisionKind Kind { get; set; }

    /// <summary>Merge: the pattern kept; split: the pattern the entry left; +1: the pattern counted.</summary>
    public long? PatternId { get; internal set; }

    /// <summary>Merge: one pattern's entries; split: the entry split out; +1: the +1 entry. Comma-separated ids.</summary>
    public required string EntryIds { get; set; }

    /// <summary>Merge: the other pattern's entries; split: the former pattern mates; +1: the entry it supports.</summary>
    public required string OtherEntryIds { get; set; }

    /// <summary>Who decided: a lead for merge and split, the person for a +1 (which is never anonymous).</summary>
    public required string DecidedByAadObjectId { get; set; }

    public DateTimeOffset DecidedAt { get; set; }

    public static string Ids(IEnumerable<long> ids) => string.Join(',', ids.Select(id => id.ToString(CultureInfo.InvariantCulture)));

    public static IReadOnlyList<long> ParseIds(string ids) =>
        ids.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(id => long.Parse(id, NumberStyles.None, CultureInfo.InvariantCulture)).ToList();

    /// <summary>Applies the decisions in the order given to one set of constraints.</summary>
    public static GroupingDecisions Apply(IEnumerable<GroupingDecisionRecord> records)
    {
        var decisions = new GroupingDecisions();
        foreach (var record in records)
        {
            var these = ParseIds(record.EntryIds);
            var others = ParseIds(record.OtherEntryIds);
            if (record.Kind == DecisionKind.Split)
            {
                foreach (var id in these)
                {
                    decisions.SplitOut(id, others);
                }
            }
            else
            {
                decisions.Merge(these, others);
            }
        }

        return decisions;
    }
}
