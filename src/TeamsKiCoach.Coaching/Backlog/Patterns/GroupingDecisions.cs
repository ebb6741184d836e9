namespace TeamsKiCoach.Coaching.Backlog.Patterns;

/// <summary>
/// What leads decided about the grouping, as constraints any grouper must honour: entries a lead merged stay in
/// one pattern (must-link), and an entry a lead split out never joins the entries it was split from (cannot-link).
/// Decisions apply in the order they are recorded, so the later one wins: splitting an entry out of a merge
/// removes it from the merge, and merging again lifts an earlier split between the merged entries.
/// </summary>
public sealed class GroupingDecisions
{
    private readonly Dictionary<long, int> groupOf = [];
    private readonly Dictionary<int, HashSet<long>> groups = [];
    private readonly Dictionary<long, HashSet<long>> apart = [];
    private int nextGroup;

    public static GroupingDecisions None => new();

    /// <summary>A lead merged two patterns: all these entries belong together from now on.</summary>
    public GroupingDecisions Merge(IEnumerable<long> patternA, IEnumerable<long> patternB)
    {
        var members = patternA.Concat(patternB).Distinct().ToList();
        var target = nextGroup++;
        var union = new HashSet<long>();
        foreach (var id in members)
        {
            if (groupOf.Remove(id, out var old) && groups.Remove(old, out var oldMembers))
            {
                union.UnionWith(oldMembers);
            }

            union.Add(id);
        }

        foreach (var id in union)
        {
            groupOf[id] = target;
        }

        groups[target] = union;
        foreach (var a in union)
        {
            if (apart.TryGetValue(a, out var others))
            {
                others.ExceptWith(union);
            }
        }

        return this;
    }

    /// <summary>A lead split one entry out of its pattern: it never joins those former pattern mates again.</summary>
    public GroupingDecisions SplitOut(long entryId, IEnumerable<long> formerPatternMates)
    {
        if (groupOf.Remove(entryId, out var group))
        {
            groups[group].Remove(entryId);
        }

        foreach (var mate in formerPatternMates)
        {
            if (mate == entryId)
            {
                continue;
            }

            Apart(entryId).Add(mate);
            Apart(mate).Add(entryId);
        }

        return this;
    }

    /// <summary>The entries that must share a pattern with this one (itself included), or a single entry.</summary>
    public IReadOnlyCollection<long> Together(long entryId) =>
        groupOf.TryGetValue(entryId, out var group) ? groups[group] : [entryId];

    /// <summary>The entries that must never share a pattern with this one.</summary>
    public IReadOnlyCollection<long> KeptApartFrom(long entryId) =>
        apart.TryGetValue(entryId, out var others) ? others : [];

    private HashSet<long> Apart(long entryId)
    {
        if (!apart.TryGetValue(entryId, out var set))
        {
            apart[entryId] = set = [];
        }

        return set;
    }
}
