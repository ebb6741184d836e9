namespace TeamsKiCoach.Coaching.Backlog;

/// <summary>What became of a change to a pattern: +1, merge or split.</summary>
public enum PatternChange
{
    Done,
    NotFound,
    NotMember,
    NotLead,

    /// <summary>+1: the person is already counted in this pattern.</summary>
    AlreadyCounted,

    /// <summary>Merge of a pattern with itself.</summary>
    SamePattern,

    /// <summary>Split of the only entry of a pattern.</summary>
    Alone,
}
