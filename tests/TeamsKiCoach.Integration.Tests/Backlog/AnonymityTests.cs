using System.Globalization;
using Microsoft.Bot.Schema;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Tests.Support;

namespace TeamsKiCoach.Tests.Backlog;

/// <summary>An anonymous entry stores no author anywhere: no table, no outbox row and no log line ties it to a person.</summary>
public sealed class AnonymityTests
{
    private const string Team = "19:team-vertrieb@thread.tacv2";
    private const string PromptText = "Steuerbescheide abtippen ANON-PROMPT";
    private const string ChatText = "Lieferantenportal doppelt pflegen ANON-CHAT";

    [Fact]
    public async Task NoTableTiesAnAnonymousPromptAnswerOrChatCaptureToItsAuthor()
    {
        await using var harness = await TurnHarness.StartAsync();
        await harness.SendAsync(TurnHarness.TeamBotAdded(Team, "de-DE", new ChannelAccount("29:aad-anna", "Anna", aadObjectId: "aad-anna")));
        await harness.SendAsync(TurnHarness.PersonalMessage("impulse jetzt senden", user: "aad-lead"));
        long promptId;
        await using (var db = await harness.DbFactory.ForTenantAsync(TurnHarness.Tenant, default))
        {
            promptId = (await db.DailyPrompts.SingleAsync(p => p.RecipientAadObjectId == "aad-anna")).Id;
        }

        await harness.SendAsync(TurnHarness.CardAction("prompt.answer", data: new
        {
            promptId = promptId.ToString(CultureInfo.InvariantCulture),
            text = PromptText,
            frequency = "daily",
            minutes = "15",
            anonymous = "true",
        }));
        var recorded = (await harness.SendAsync(TurnHarness.PersonalMessage("reibung anonym: " + ChatText))).SingleCard();
        Assert.StartsWith("Anonym festgehalten", recorded.Title());

        var rows = await AllRowsAsync(harness.ConnectionString);
        var withText = rows.Where(r => r.Values.Contains(PromptText) || r.Values.Contains(ChatText)).ToList();
        // The entries, and the titles of the patterns they started (made of their words): none of them names Anna.
        Assert.Equal(2, withText.Count(r => r.Table == "backlog_entries"));
        Assert.All(withText, r => Assert.Contains(r.Table, new[] { "backlog_entries", "backlog_patterns" }));
        Assert.All(withText, r => Assert.DoesNotContain(r.Values, v => v.Contains("anna", StringComparison.OrdinalIgnoreCase)));

        // Nothing else points at these entries either: not the prompt Anna answered, not a grouping decision, not the outbox.
        var prompt = Assert.Single(rows, r => r.Table == "daily_prompts" && r.Columns["RecipientAadObjectId"] == "aad-anna");
        Assert.Equal(string.Empty, prompt.Columns["EntryNumber"]);
        Assert.DoesNotContain(rows, r => r.Table == "grouping_decisions");
        Assert.DoesNotContain(rows, r => r.Table == "outbox" && r.Values.Any(v => v.Contains("ANON-", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnAnonymousCaptureOverRealHttpLeavesItsAuthorInNoLogLine()
    {
        await using var database = TestDatabase.CreateSqlite();
        await using var connector = await LoopbackConnector.StartAsync();
        await using var host = CoachHost.Development(database, ("Logging:LogLevel:Default", "Trace"));

        var message = CoachHost.Message(connector.ServiceUrl, "reibung anonym: " + ChatText, user: "aad-zora");
        message["conversation"]!["id"] = "a:personal-chat-1";
        var response = await host.PostActivityAsync(message);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Anonym festgehalten", Assert.Single(connector.SentActivities).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
        Assert.NotEmpty(host.Logs.All);
        Assert.DoesNotContain(host.Logs.All, line => line.Contains("aad-zora", StringComparison.OrdinalIgnoreCase));
    }

    private sealed record Row(string Table, IReadOnlyDictionary<string, string> Columns)
    {
        public IEnumerable<string> Values => Columns.Values;
    }

    private static async Task<List<Row>> AllRowsAsync(string connectionString)
    {
        var rows = new List<Row>();
        await using var connection = new SqliteConnection(connectionString);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            await using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            await using var reader = await select.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var columns = new Dictionary<string, string>();
                for (var i = 0; i < reader.FieldCount; i++)
                {
                    columns[reader.GetName(i)] = reader.IsDBNull(i) ? string.Empty : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)!;
                }

                rows.Add(new Row(table, columns));
            }
        }

        return rows;
    }
}
