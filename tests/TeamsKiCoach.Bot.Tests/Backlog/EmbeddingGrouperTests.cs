using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TeamsKiCoach.Ai;
using TeamsKiCoach.Ai.Patterns;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Patterns;
using TeamsKiCoach.Tests.Support;
using Xunit.Abstractions;
using TeamsKiCoach.Storage.Backlog;

namespace TeamsKiCoach.Tests.Backlog;

public sealed class EmbeddingGrouperTests(ITestOutputHelper output)
{
    private static readonly DateTimeOffset Monday = new(2025, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private static readonly string[] Sets = ["friction-labelled.tsv", "friction-heldout.tsv", "friction-heldout-sme.tsv"];

    [Fact]
    public async Task AGoodModelGroupsAcrossLanguagesBetterThanWordsAlone()
    {
        var model = LabelledModel.FromSets(Sets);
        var grouper = new EmbeddingPatternGrouper(model, new ListLogger<EmbeddingPatternGrouper>());
        foreach (var set in Sets)
        {
            var (labels, entries) = Read(set);
            await grouper.PrepareAsync(entries.Select(e => e.Text).ToList(), CancellationToken.None);
            var blended = Ari(labels, grouper.Group(entries), entries);
            var lexical = Ari(labels, new LexicalPatternGrouper().Group(entries), entries);
            output.WriteLine($"{set}: ARI lexical {lexical:F3}, with embeddings {blended:F3}");
            Assert.True(blended > lexical, $"{set}: embeddings {blended:F3} not above lexical {lexical:F3}");
            Assert.True(blended >= 0.9, $"{set}: ARI {blended:F3} with a model that knows the topics");
        }

        // A German and an English statement sharing no word and no concept land in one pattern.
        var pair = new[] { Entry(1, "Blumen am Empfang gießen vergisst jeder"), Entry(2, "nobody remembers to water the plants at reception") };
        model.Teach(pair[0].Text, "plants");
        model.Teach(pair[1].Text, "plants");
        await grouper.PrepareAsync(pair.Select(e => e.Text).ToList(), CancellationToken.None);
        var grouping = grouper.Group(pair);
        Assert.Equal(grouping.PatternOf(1), grouping.PatternOf(2));
        Assert.NotEqual(new LexicalPatternGrouper().Group(pair).PatternOf(1), new LexicalPatternGrouper().Group(pair).PatternOf(2));
    }

    [Fact]
    public async Task LongEmbeddingsProjectedDownGroupAlike()
    {
        var (labels, entries) = Read("friction-heldout-sme.tsv");
        var texts = entries.Select(e => e.Text).ToList();
        var full = new EmbeddingPatternGrouper(LabelledModel.FromSets(Sets, 1536), new ListLogger<EmbeddingPatternGrouper>(), new EmbeddingGroupingOptions { Dimensions = 0 });
        var projected = new EmbeddingPatternGrouper(LabelledModel.FromSets(Sets, 1536), new ListLogger<EmbeddingPatternGrouper>(), new EmbeddingGroupingOptions { Dimensions = 256 });
        await full.PrepareAsync(texts, CancellationToken.None);
        await projected.PrepareAsync(texts, CancellationToken.None);

        Assert.Equal(1536, full.Cache.Get(texts[0])!.Length);
        Assert.Equal(256, projected.Cache.Get(texts[0])!.Length);
        var cosineFull = TeamsKiCoach.Coaching.Backlog.Patterns.LexicalPatternGrouping.Dot(full.Cache.Get(texts[0])!, full.Cache.Get(texts[1])!);
        var cosineProjected = TeamsKiCoach.Coaching.Backlog.Patterns.LexicalPatternGrouping.Dot(projected.Cache.Get(texts[0])!, projected.Cache.Get(texts[1])!);
        Assert.InRange(cosineProjected, cosineFull - 0.15, cosineFull + 0.15);
        Assert.True(Ari(labels, projected.Group(entries), entries) >= 0.95);
    }

    [Fact]
    public async Task EmbeddingsAreFetchedOnceInBatchesAndCached()
    {
        var model = LabelledModel.FromSets(Sets);
        var grouper = new EmbeddingPatternGrouper(model, new ListLogger<EmbeddingPatternGrouper>(), new EmbeddingGroupingOptions { BatchSize = 10 });
        var (_, entries) = Read("friction-heldout-sme.tsv");
        var texts = entries.Select(e => e.Text).ToList();

        await grouper.PrepareAsync(texts, CancellationToken.None);
        await grouper.PrepareAsync(texts, CancellationToken.None);

        Assert.Equal(texts.Distinct().Count(), model.TextsEmbedded);
        Assert.Equal((texts.Distinct().Count() + 9) / 10, model.Calls);
    }

    [Fact]
    public void TheCacheKeepsTheMostRecentlyUsed()
    {
        var cache = new EmbeddingCache(2);
        cache.Set("a", [1, 0]);
        cache.Set("b", [0, 3]);
        Assert.NotNull(cache.Get("a"));
        cache.Set("c", [1, 1]);

        Assert.Equal(2, cache.Count);
        Assert.Null(cache.Get("b"));
        Assert.All(cache.Get("c")!, v => Assert.Equal(MathF.Sqrt(0.5f), v, 5));
        Assert.Equal([1f, 0f], cache.Get("a")!);

        // A zero vector says nothing and is not kept.
        cache.Set("d", [0, 0]);
        Assert.Null(cache.Get("d"));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AFailingOrHangingProviderFallsBackToTheLexicalGrouping(bool hangs)
    {
        var logger = new ListLogger<EmbeddingPatternGrouper>();
        var time = new FakeTimeProvider(Monday);
        var model = new BrokenModel(hangs);
        var grouper = new EmbeddingPatternGrouper(model, logger, new EmbeddingGroupingOptions { Timeout = TimeSpan.FromMilliseconds(200) }, time: time);
        var (labels, entries) = Read("friction-heldout-sme.tsv");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        await grouper.PrepareAsync(entries.Select(e => e.Text).ToList(), CancellationToken.None);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"preparation took {watch.Elapsed}");

        var grouping = grouper.Group(entries);
        var lexical = new LexicalPatternGrouper().Group(entries);
        Assert.Equal(entries.Select(e => lexical.PatternOf(e.Id)), entries.Select(e => grouping.PatternOf(e.Id)));
        Assert.Contains(logger.Messages, m => m.Contains("falls back to the lexical grouper", StringComparison.Ordinal));

        // The provider is left alone for a while: the next backlog does not wait for it again.
        await grouper.PrepareAsync(["Rechnungen abtippen"], CancellationToken.None);
        Assert.Equal(1, model.Calls);
        time.Advance(TimeSpan.FromMinutes(3));
        await grouper.PrepareAsync(["Rechnungen abtippen"], CancellationToken.None);
        Assert.Equal(2, model.Calls);
        Assert.True(Ari(labels, grouping, entries) >= 0.6);
    }

    [Fact]
    public async Task CallerCancellationIsNotSwallowed()
    {
        var grouper = new EmbeddingPatternGrouper(new BrokenModel(hangs: true), new ListLogger<EmbeddingPatternGrouper>());
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => grouper.PrepareAsync(["Drucker streikt"], cancel.Token));
    }

    [Fact]
    public async Task MergeAndSplitDecisionsHoldWithEmbeddings()
    {
        var model = LabelledModel.FromSets(Sets);
        var grouper = new EmbeddingPatternGrouper(model, new ListLogger<EmbeddingPatternGrouper>());
        var (labels, entries) = Read("friction-labelled.tsv");
        await grouper.PrepareAsync(entries.Select(e => e.Text).ToList(), CancellationToken.None);
        var ids = (string label) => entries.Where((e, i) => labels[i] == label).Select(e => e.Id).ToList();

        var invoices = ids("invoice");
        var printer = ids("printer");
        var split = invoices[2];
        var decisions = new GroupingDecisions().Merge(invoices, printer).SplitOut(split, [.. invoices, .. printer]);
        var grouping = grouper.Group(entries, decisions);

        var merged = grouping.PatternOf(invoices[0]);
        Assert.All(invoices.Where(id => id != split).Concat(printer), id => Assert.Equal(merged, grouping.PatternOf(id)));
        Assert.NotEqual(merged, grouping.PatternOf(split));

        // A later invoice, with its embedding prepared, joins the merged pattern; the split entry stays out.
        var later = new FrictionEntry(500, "Lieferantenrechnungen per Hand ins ERP tippen", "ben", Monday.AddDays(30), Frequency.Daily, 10);
        model.Teach(later.Text, "invoice");
        await grouper.PrepareAsync([later.Text], CancellationToken.None);
        Assert.Equal(merged, grouping.Add(later));
        Assert.NotEqual(merged, grouping.PatternOf(split));
    }

    [Fact]
    public async Task LoadingABacklogPreparesTheGrouper()
    {
        await using var database = TestDatabase.CreateSqlite();
        var factory = await database.OpenAsync();
        await using (var db = await factory.ForTenantAsync("tenant-a", CancellationToken.None))
        {
            foreach (var text in new[] { "Blumen am Empfang gießen vergisst jeder", "nobody remembers to water the plants at reception", "Drucker streikt schon wieder" })
            {
                await BacklogWriter.AddAsync(db, new BacklogEntry { TenantId = "tenant-a", TeamId = "team-1", Text = text, CreatedAt = Monday }, CancellationToken.None);
            }
        }

        var model = LabelledModel.FromSets(Sets);
        model.Teach("Blumen am Empfang gießen vergisst jeder", "plants");
        model.Teach("nobody remembers to water the plants at reception", "plants");
        var grouper = new EmbeddingPatternGrouper(model, new ListLogger<EmbeddingPatternGrouper>());
        await using (var db = await factory.ForTenantAsync("tenant-a", CancellationToken.None))
        {
            var backlog = await StoredBacklog.LoadAsync(db, "team-1", grouper, CancellationToken.None);

            Assert.Equal(3, model.TextsEmbedded);
            Assert.Equal(2, backlog.Patterns.Count);
            Assert.Equal([1, 2], backlog.PatternOf(1)!.Entries.Select(e => e.Number));
        }
    }

    [Fact]
    public void ConfigurationChoosesTheGrouper()
    {
        Assert.IsType<LexicalPatternGrouper>(Grouper([]));
        Assert.IsType<LexicalPatternGrouper>(Grouper([("Provider", "ollama"), ("Model", "llama3.2")]));
        Assert.IsType<EmbeddingPatternGrouper>(Grouper([("Provider", "ollama"), ("Model", "llama3.2"), ("EmbeddingModel", "nomic-embed-text")]));
        Assert.IsType<EmbeddingPatternGrouper>(Grouper([("Provider", "openai"), ("Model", "gpt-4o-mini"), ("ApiKey", "sk-test"), ("EmbeddingModel", "text-embedding-3-small")]));
        Assert.IsType<EmbeddingPatternGrouper>(Grouper([("Provider", "azureopenai"), ("Endpoint", "https://example.openai.azure.com/"), ("Model", "chat"), ("ApiKey", "k"), ("EmbeddingModel", "embed")]));

        var badThreshold = Assert.Throws<InvalidOperationException>(() => Grouper([("Provider", "ollama"), ("Model", "m"), ("EmbeddingModel", "e"), ("SimilarityThreshold", "zwei")]));
        Assert.Contains("Coach:Ai:SimilarityThreshold", badThreshold.Message, StringComparison.Ordinal);
        var noKey = Assert.Throws<InvalidOperationException>(() => Grouper([("Provider", "openai"), ("Model", "m"), ("EmbeddingModel", "e")]));
        Assert.Contains("Coach:Ai:ApiKey", noKey.Message, StringComparison.Ordinal);
    }

    private static IPatternGrouper Grouper(IEnumerable<(string Key, string Value)> settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create($"{AiOptions.Section}:{s.Key}", (string?)s.Value)))
            .Build();
        using var services = new ServiceCollection().AddLogging().AddPatternGrouping(configuration).BuildServiceProvider();
        return services.GetRequiredService<IPatternGrouper>();
    }

    private static FrictionEntry Entry(long id, string text) => new(id, text, "anna", Monday.AddHours(id), Frequency.Weekly, 10);

    private static (List<string> Labels, List<FrictionEntry> Entries) Read(string file)
    {
        var labelled = LabelledFrictions.Read(file);
        return (labelled.Select(l => l.Label).ToList(), labelled.Select((l, i) => Entry(i + 1, l.Text)).ToList());
    }

    private static double Ari(IReadOnlyList<string> labels, IPatternGrouping grouping, IReadOnlyList<FrictionEntry> entries) =>
        GroupingQuality.AdjustedRandIndex(labels, entries.Select(e => grouping.PatternOf(e.Id)!.Value).ToList());

    /// <summary>
    /// A deterministic stand-in for a good embedding model: a text's vector is its labelled topic's direction plus
    /// noise derived from the text, so same-topic statements sit near each other in any language.
    /// </summary>
    private sealed class LabelledModel(Dictionary<string, string> topics, int dimensions = 48) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int calls;
        private int embedded;

        public int Calls => calls;

        public int TextsEmbedded => embedded;

        public static LabelledModel FromSets(IEnumerable<string> files, int dimensions = 48) =>
            new(files.SelectMany(LabelledFrictions.Read).GroupBy(l => l.Text).ToDictionary(g => g.Key, g => g.First().Label), dimensions);

        public void Teach(string text, string topic) => topics[text] = topic;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref calls);
            var result = new GeneratedEmbeddings<Embedding<float>>();
            foreach (var text in values)
            {
                Interlocked.Increment(ref embedded);
                var topic = Noise(topics.GetValueOrDefault(text) ?? text, 1.0f, dimensions);
                var noise = Noise(text, 0.45f, dimensions);
                result.Add(new Embedding<float>(topic.Zip(noise, (a, b) => a + b).ToArray()));
            }

            return Task.FromResult(result);
        }

        private static float[] Noise(string seed, float scale, int dimensions)
        {
            var random = new Random(BitConverter.ToInt32(SHA256.HashData(Encoding.UTF8.GetBytes(seed)), 0));
            var vector = Enumerable.Range(0, dimensions).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            var norm = MathF.Sqrt(vector.Sum(v => v * v));
            return vector.Select(v => v / norm * scale).ToArray();
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>A provider that throws, or one that never answers and ignores cancellation.</summary>
    private sealed class BrokenModel(bool hangs) : IEmbeddingGenerator<string, Embedding<float>>
    {
        private int calls;

        public int Calls => calls;

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref calls);
            return hangs
                ? new TaskCompletionSource<GeneratedEmbeddings<Embedding<float>>>().Task
                : Task.FromException<GeneratedEmbeddings<Embedding<float>>>(new HttpRequestException("503 Service Unavailable"));
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    private sealed class ListLogger<T> : ILogger<T>
    {
        private readonly ConcurrentQueue<string> messages = new();

        public IReadOnlyCollection<string> Messages => messages.ToArray();

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            messages.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
