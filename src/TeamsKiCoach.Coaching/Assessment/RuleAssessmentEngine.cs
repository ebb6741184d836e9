using TeamsKiCoach.Coaching.Backlog;

namespace TeamsKiCoach.Coaching.Assessment;

/// <summary>
/// The offline assessment: no key, no network. It reads the words people used (German and English cue lexicons,
/// see <see cref="CueLexicon"/>) and the backlog's own numbers (how often, how many mentions, how many people).
/// A task with a human core (judgment, responsibility, relationship) stays with people unless some of it is
/// mechanical work, which then is the part that fits; a pattern counts a cue when at least a third of its
/// entries carry it, so one odd entry does not turn a whole pattern.
/// </summary>
public sealed class RuleAssessmentEngine : IAssessmentEngine
{
    /// <summary>The longest fitting part quoted from an entry.</summary>
    public const int MaxPartLength = 80;

    public Task<Assessment> AssessAsync(AssessmentSubject subject, AssessmentText text, CancellationToken cancellationToken) =>
        Task.FromResult(Assess(subject, text));

    public Assessment Assess(AssessmentSubject subject, AssessmentText text)
    {
        if (subject.Entries.Count == 0)
        {
            throw new ArgumentException("A subject without entries cannot be assessed.", nameof(subject));
        }

        var readings = subject.Entries.Select(Reading.Of).ToList();
        var facts = new Facts(readings);
        var recurring = RateRecurring(subject, facts, text);
        var (verdict, part) = Decide(facts, recurring.Rating, text);
        var criteria = new List<CriterionRating>
        {
            recurring,
            RateStructured(facts, text),
            RateRuleBased(facts, text),
            RateLittleContext(facts, text),
            RateExclusion(Criterion.Judgment, facts, Cue.Judgment, Cue.JudgmentWeak, text),
            RateExclusion(Criterion.Responsibility, facts, Cue.Responsibility, Cue.ResponsibilityWeak, text),
            RateExclusion(Criterion.Relationship, facts, Cue.Relationship, Cue.RelationshipWeak, text),
        };
        return new Assessment(verdict, part, criteria, AssessmentSource.Rules);
    }

    private static (Verdict, string?) Decide(Facts f, Rating recurring, AssessmentText text)
    {
        var part = f.MechanicalPart;
        if (f.HumanCore)
        {
            return f.Mechanical ? (Verdict.PartlyFit, part) : (Verdict.KeepWithPeople, null);
        }

        if (f.Mechanical)
        {
            return f.HumanTouch || recurring == Rating.No ? (Verdict.PartlyFit, part) : (Verdict.Fit, null);
        }

        if ((f.Share(Cue.Context) && f.HumanTouch) || f.WeakKinds >= 2)
        {
            return (Verdict.KeepWithPeople, null);
        }

        if ((f.Share(Cue.Form) || f.Share(Cue.Rule)) && !f.HumanTouch && !f.Share(Cue.Context) && recurring != Rating.No)
        {
            return (Verdict.Fit, null);
        }

        return (Verdict.PartlyFit, text["FittingPart.Groundwork"]);
    }

    private static CriterionRating RateRecurring(AssessmentSubject subject, Facts f, AssessmentText text)
    {
        var usual = subject.Entries.GroupBy(e => e.Frequency).OrderByDescending(g => g.Count()).ThenBy(g => g.Key).First().Key;
        var evidence = Evidence(subject, usual, text);
        var words = f.Words(text, Cue.Recurring);
        if (words.Length > 0)
        {
            evidence += $"; {words}";
        }

        var rating = usual switch
        {
            Frequency.Daily or Frequency.Weekly => Rating.Yes,
            Frequency.Monthly => f.Share(Cue.Rare) ? Rating.Partly : Rating.Yes,
            _ => f.Share(Cue.Recurring) || subject.Mentions >= 3 ? Rating.Partly : Rating.No,
        };
        return new CriterionRating(Criterion.Recurring, rating, text.Format($"Reason.Recurring.{rating}", evidence));
    }

    /// <summary>"8 Nennungen von 4 Personen, meist täglich"; for one entry "1 Nennung, wöchentlich".</summary>
    internal static string Evidence(AssessmentSubject subject, Frequency usual, AssessmentText text)
    {
        var mentions = subject.Mentions == 1 ? text["Evidence.Mentions.One"] : text.Format("Evidence.Mentions.Many", subject.Mentions);
        if (subject.Mentions <= 1)
        {
            return $"{mentions}, {text.Frequency(usual)}";
        }

        var people = subject.People == 1 ? text["Evidence.People.One"] : text.Format("Evidence.People.Many", subject.People);
        return $"{mentions} {people}, {text.Format("Evidence.Mostly", text.Frequency(usual))}";
    }

    private static CriterionRating RateStructured(Facts f, AssessmentText text)
    {
        var formWords = f.Words(text, Cue.Mechanical, Cue.Form);
        if (f.Mechanical || f.Share(Cue.Form))
        {
            return f.HumanCore && !(f.Mechanical && f.Share(Cue.Form))
                ? Rated(Criterion.Structured, Rating.Partly, text.Format("Reason.Structured.Partly", formWords))
                : Rated(Criterion.Structured, Rating.Yes, text.Format("Reason.Structured.Yes", formWords));
        }

        if (f.HumanCore || f.Share(Cue.Context))
        {
            return Rated(Criterion.Structured, Rating.No, text.Format("Reason.Structured.No", f.Words(text, Cue.Context, Cue.Judgment, Cue.Responsibility, Cue.Relationship)));
        }

        return Rated(Criterion.Structured, Rating.Partly, text["Reason.Structured.Unclear"]);
    }

    private static CriterionRating RateRuleBased(Facts f, AssessmentText text)
    {
        var ruleWords = f.Words(text, Cue.Rule, Cue.Mechanical);
        var humanWords = f.Words(text, Cue.Judgment, Cue.JudgmentWeak, Cue.Responsibility, Cue.Relationship);
        if (f.HumanCore)
        {
            return f.Mechanical
                ? Rated(Criterion.RuleBased, Rating.Partly, text.Format("Reason.RuleBased.Partly", ruleWords))
                : Rated(Criterion.RuleBased, Rating.No, text.Format("Reason.RuleBased.No", humanWords));
        }

        if (f.Mechanical || f.Share(Cue.Rule))
        {
            return f.Any(Cue.JudgmentWeak)
                ? Rated(Criterion.RuleBased, Rating.Partly, text.Format("Reason.RuleBased.Partly", ruleWords))
                : Rated(Criterion.RuleBased, Rating.Yes, text.Format("Reason.RuleBased.Yes", ruleWords));
        }

        return Rated(Criterion.RuleBased, Rating.Partly, text["Reason.RuleBased.Unclear"]);
    }

    private static CriterionRating RateLittleContext(Facts f, AssessmentText text)
    {
        if (f.Share(Cue.Context))
        {
            return Rated(Criterion.LittleContext, Rating.No, text.Format("Reason.LittleContext.No", f.Words(text, Cue.Context)));
        }

        if (f.HumanCore && !f.Mechanical)
        {
            return Rated(Criterion.LittleContext, Rating.No, text.Format("Reason.LittleContext.No", f.Words(text, Cue.Judgment, Cue.Responsibility, Cue.Relationship)));
        }

        if (f.Mechanical && !f.HumanCore && !f.HumanTouch)
        {
            return Rated(Criterion.LittleContext, Rating.Yes, text.Format("Reason.LittleContext.Yes", f.Words(text, Cue.Mechanical)));
        }

        return Rated(Criterion.LittleContext, Rating.Partly, text["Reason.LittleContext.Partly"]);
    }

    private static CriterionRating RateExclusion(Criterion criterion, Facts f, Cue strong, Cue weak, AssessmentText text)
    {
        if (f.Share(strong))
        {
            return Rated(criterion, Rating.Yes, text.Format($"Reason.{criterion}.Yes", f.Words(text, strong)));
        }

        if (f.Any(strong) || f.Any(weak))
        {
            return Rated(criterion, Rating.Partly, text.Format($"Reason.{criterion}.Partly", f.Words(text, strong, weak)));
        }

        return Rated(criterion, Rating.No, text[$"Reason.{criterion}.No"]);
    }

    private static CriterionRating Rated(Criterion criterion, Rating rating, string reason) => new(criterion, rating, reason);

    /// <summary>One entry's words and cues.</summary>
    private sealed record Reading(AssessedEntry Entry, IReadOnlyList<CueToken> Tokens, IReadOnlyList<CueHit> Hits)
    {
        public static Reading Of(AssessedEntry entry)
        {
            var tokens = CueLexicon.Tokenize(entry.Text);
            return new Reading(entry, tokens, CueLexicon.Find(tokens));
        }

        public bool Has(Cue cue) => Hits.Any(h => h.Cue == cue);

        public bool Strong => Has(Cue.Judgment) || Has(Cue.Responsibility) || Has(Cue.Relationship);

        public bool Weak => Has(Cue.JudgmentWeak) || Has(Cue.ResponsibilityWeak) || Has(Cue.RelationshipWeak);

        /// <summary>The first clause with a mechanical step, as the person wrote it.</summary>
        public string? MechanicalPart
        {
            get
            {
                if (Hits.FirstOrDefault(h => h.Cue == Cue.Mechanical) is not { Words: not null } hit)
                {
                    return null;
                }

                var clause = Tokens.Where(t => t.Clause == hit.Clause).ToList();
                var part = Entry.Text[clause[0].Start..clause[^1].End].Trim();
                return part.Length <= MaxPartLength ? part : part[..part.LastIndexOf(' ', MaxPartLength - 1)].TrimEnd(',', ';', ':') + "…";
            }
        }
    }

    /// <summary>What the readings of a subject's entries say together.</summary>
    private sealed class Facts(IReadOnlyList<Reading> readings)
    {
        /// <summary>Whether at least a third of the entries (and at least one) carry it.</summary>
        public bool Share(Func<Reading, bool> test)
        {
            var count = readings.Count(test);
            return count > 0 && count * 3 >= readings.Count;
        }

        public bool Share(Cue cue) => Share(r => r.Has(cue));

        public bool Any(Cue cue) => readings.Any(r => r.Has(cue));

        /// <summary>Judgment, responsibility or relationship come first.</summary>
        public bool HumanCore => Share(r => r.Strong);

        /// <summary>People are involved at the edge: a check, a boss, a phone call.</summary>
        public bool HumanTouch => Share(r => r.Weak) || (Any(Cue.Judgment) || Any(Cue.Responsibility) || Any(Cue.Relationship));

        public bool Mechanical => Share(r => r.MechanicalPart is not null);

        /// <summary>How many of judgment, responsibility and relationship show up at the edge.</summary>
        public int WeakKinds => new[] { Cue.JudgmentWeak, Cue.ResponsibilityWeak, Cue.RelationshipWeak }.Count(Share);

        public string? MechanicalPart => readings.Select(r => r.MechanicalPart).FirstOrDefault(p => p is not null);

        /// <summary>
        /// The words behind these cues, quoted: „abtippen“, „Excel“. The words of the first cue come first, then
        /// those used in the most entries, then as they appear in the text.
        /// </summary>
        public string Words(AssessmentText text, params Cue[] cues) => string.Join(", ", readings
            .SelectMany(r => r.Hits.Where(h => cues.Contains(h.Cue)).DistinctBy(h => h.Words, StringComparer.OrdinalIgnoreCase))
            .GroupBy(h => h.Words, StringComparer.OrdinalIgnoreCase)
            .OrderBy(g => g.Min(h => Array.IndexOf(cues, h.Cue)))
            .ThenByDescending(g => g.Count())
            .ThenBy(g => g.Min(h => h.Start))
            .Take(3)
            .Select(g => text.Quote(g.First().Words)));
    }
}
