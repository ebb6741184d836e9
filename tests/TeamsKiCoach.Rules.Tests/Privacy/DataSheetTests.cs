using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Coaching.Privacy;
using TeamsKiCoach.Storage.Privacy;

namespace TeamsKiCoach.Tests.Privacy;

/// <summary>The data sheet holds the texts to the database model: a table or column added later fails here until it is described.</summary>
public sealed class DataSheetTests
{
    private static readonly CultureInfo[] Languages = [CultureInfo.InvariantCulture, CultureInfo.GetCultureInfo("en")];

    private static readonly IReadOnlyList<(string Table, IReadOnlyList<string> Columns)> Tables = DataSheet.Tables(DataSheet.Model());

    [Fact]
    public void EveryTableAndEveryColumnOfTheModelIsDescribedInGermanAndInEnglish()
    {
        foreach (var language in Languages)
        {
            // Each language's own file, without falling back to German, so that a missing English text is noticed.
            var keys = DataSheetText.Keys(language).ToHashSet(StringComparer.Ordinal);
            var missing = Tables
                .SelectMany(t => DataSheet.TableKeys(t.Table).Where(k => !keys.Contains(k))
                    .Concat(t.Columns.Where(c => !keys.Contains($"Column.{t.Table}.{c}") && !keys.Contains($"Column.{c}")).Select(c => $"Column.{t.Table}.{c}")))
                .ToList();

            Assert.True(missing.Count == 0,
                $"Describe in src/TeamsKiCoach.Storage/Privacy/DataSheetTexts{(language.Name.Length == 0 ? "" : "." + language.Name)}.resx: {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void BothLanguagesHaveTheSameTexts()
    {
        Assert.Equal(DataSheetText.Keys(Languages[0]), DataSheetText.Keys(Languages[1]));
    }

    [Fact]
    public void NoTextDescribesATableOrColumnTheModelDoesNotHave()
    {
        var tables = Tables.ToDictionary(t => t.Table, t => t.Columns.ToHashSet(StringComparer.Ordinal), StringComparer.Ordinal);
        var everyColumn = Tables.SelectMany(t => t.Columns).ToHashSet(StringComparer.Ordinal);

        var stale = DataSheetText.Keys(CultureInfo.InvariantCulture)
            .Where(k => !k.StartsWith("Sheet.", StringComparison.Ordinal))
            .Where(k => k.Split('.') switch
            {
                ["Table", var table, _] => !tables.ContainsKey(table),
                [_, var table, var column] => !tables.TryGetValue(table, out var columns) || !columns.Contains(column),
                [_, var column] => !everyColumn.Contains(column),
                _ => true,
            })
            .ToList();

        Assert.True(stale.Count == 0, "Texts for what the model no longer has: " + string.Join(", ", stale));
    }

    [Fact]
    public void TheGermanSheetHasASectionForEveryTableAndARowForEveryColumnWithTheConfiguredRetention()
    {
        var retention = new RetentionOptions { PulseAnswerMonths = 18, AuditMonths = 24, FinishedOutboxDays = 14, DailyPromptDays = 90 };

        var sheet = DataSheet.Write(DataSheet.Model(), retention, DataSheetText.German);

        Assert.StartsWith("# Datenblatt TeamsKiCoach", sheet, StringComparison.Ordinal);
        foreach (var (table, columns) in Tables)
        {
            var section = Section(sheet, table);
            var rows = section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)).Select(l => l.Split('`')[1]).ToList();
            Assert.Equal(columns, rows);
            Assert.All(section.Split('\n').Where(l => l.StartsWith("| `", StringComparison.Ordinal)), l => Assert.Equal(4, l.Split(" | ").Length));
        }

        Assert.Contains("18 Monate", Section(sheet, "pulse_answers"), StringComparison.Ordinal);
        Assert.Contains("24 Monate", Section(sheet, "audit_trail"), StringComparison.Ordinal);
        Assert.Contains("14 Tage", Section(sheet, "outbox"), StringComparison.Ordinal);
        Assert.Contains("90 Tage", Section(sheet, "daily_prompts"), StringComparison.Ordinal);
        Assert.DoesNotContain("{", sheet, StringComparison.Ordinal);
    }

    [Fact]
    public void ColumnsThatNameAPersonSaySoAndWhatErasureDoesWithThem()
    {
        var sheet = DataSheet.Write(DataSheet.Model(), new RetentionOptions(), DataSheetText.German);

        Assert.Equal(("ja", "Zeile wird gelöscht"), Row(sheet, "daily_prompts", "RecipientAadObjectId"));
        Assert.Equal(("ja", "Person wird entfernt („ehemaliges Mitglied“ oder leer); die Zeile bleibt"), Row(sheet, "audit_trail", "ActorName"));
        Assert.Equal(("nein", "geleert"), Row(sheet, "backlog_entries", "Text"));
        Assert.Equal(("nur mit dem Serverschlüssel und nur bis die Woche schließt", "Zeile wird gelöscht, solange die Woche offen ist"), Row(sheet, "pulse_answers", "AnswerKey"));
        Assert.Equal(("nein", "wie die Zeile"), Row(sheet, "pulse_runs", "MinAnswers"));
        foreach (var column in PersonalDataMap.Columns.Keys)
        {
            var (table, name) = (column.Split('.')[0], column.Split('.')[1]);
            Assert.Equal("ja", Row(sheet, table, name).Person);
        }
    }

    [Fact]
    public void PulseAnswersAreCalledConfidentialAndAnonymousEntriesAnonymousInBothLanguages()
    {
        var german = DataSheet.Write(DataSheet.Model(), new RetentionOptions(), DataSheetText.German);
        var english = DataSheet.Write(DataSheet.Model(), new RetentionOptions(), DataSheetText.English);

        Assert.Contains("Vertraulich, nicht anonym", Section(german, "pulse_answers"), StringComparison.Ordinal);
        Assert.Contains("Confidential, not anonymous", Section(english, "pulse_answers"), StringComparison.Ordinal);
        Assert.Contains("Bei einem anonymen Eintrag ist nirgends ein Autor gespeichert", Section(german, "backlog_entries"), StringComparison.Ordinal);
        Assert.StartsWith("# TeamsKiCoach data sheet", english, StringComparison.Ordinal);
        Assert.Contains("| Column | Purpose | Names a person | On “Delete everything” |", english, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PulseAnswerMonths", "0")]
    [InlineData("AuditMonths", "-1")]
    [InlineData("FinishedOutboxDays", "0")]
    [InlineData("DailyPromptDays", "41")]
    public void RetentionSettingsOutsideTheirRangeStopTheHostFromStarting(string name, string value)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [$"{RetentionOptions.Section}:{name}"] = value })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration);
        CoachHosting.AddRetentionOptions(services);
        using var provider = services.BuildServiceProvider();

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<RetentionOptions>());

        Assert.Contains($"Coach:Retention:{name}", string.Join(" ", failure.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutSettingsTheRetentionIsTheDocumentedDefault()
    {
        var services = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build());
        CoachHosting.AddRetentionOptions(services);
        using var provider = services.BuildServiceProvider();

        var retention = provider.GetRequiredService<RetentionOptions>();

        Assert.Equal((12, 36, 30, 60), (retention.PulseAnswerMonths, retention.AuditMonths, retention.FinishedOutboxDays, retention.DailyPromptDays));
    }

    internal static string Section(string sheet, string table)
    {
        var start = sheet.IndexOf($"(`{table}`)\n", StringComparison.Ordinal);
        Assert.True(start > 0, $"No section for {table}");
        var end = sheet.IndexOf("\n## ", start, StringComparison.Ordinal);
        return end < 0 ? sheet[start..] : sheet[start..end];
    }

    private static (string Person, string Erasure) Row(string sheet, string table, string column)
    {
        var line = Section(sheet, table).Split('\n').Single(l => l.StartsWith($"| `{column}` |", StringComparison.Ordinal));
        var cells = line.Split(" | ");
        return (cells[2], cells[3].TrimEnd(' ', '|'));
    }
}
