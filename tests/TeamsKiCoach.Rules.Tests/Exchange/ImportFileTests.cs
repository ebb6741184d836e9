using System.Text;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Backlog.Exchange;

namespace TeamsKiCoach.Tests.Exchange;

public sealed class ImportFileTests
{
    [Fact]
    public void CsvRowsWithProblemsAreReportedByTheLineTheyStartOnAndTheRestIsRead()
    {
        var csv = string.Join("\r\n",
            "id,text,frequency,minutes,created",
            "1,Rechnungen abtippen,täglich,15,2026-11-02",
            "2,,weekly,,",
            "3,\"Zwei Zeilen,",
            "mit Komma und \"\"Zitat\"\"\",weekly,30,2026-11-03T08:15:00+01:00",
            "4,Reisekosten,manchmal,,",
            "5,Excel-Listen,monthly,zehn,",
            "6,Urlaubsantrag,selten,5000,",
            "",
            "7,Drucker,WEEKLY,5,25.11.2026",
            "8,Passwort zurücksetzen,,,",
            "9,\"nie geschlossen,daily");

        var parse = ImportFile.Read(csv, ExchangeFormat.Csv);

        Assert.Equal(
            [(3, ImportNoteKind.MissingText), (6, ImportNoteKind.BadFrequency), (7, ImportNoteKind.BadMinutes), (8, ImportNoteKind.BadMinutes),
             (10, ImportNoteKind.BadDate), (12, ImportNoteKind.UnclosedQuote)],
            parse.Notes.Select(n => (n.Line, n.Kind)));
        Assert.Equal("manchmal", parse.Notes.Single(n => n.Line == 6).Value);
        Assert.Equal([2, 4, 11], parse.Rows.Select(r => r.Line));

        var first = parse.Rows[0];
        Assert.Equal(("Rechnungen abtippen", Frequency.Daily, (int?)15), (first.Text, first.Frequency, first.Minutes));
        Assert.Equal(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero), first.Created);
        Assert.Equal("Zwei Zeilen,\r\nmit Komma und \"Zitat\"", parse.Rows[1].Text);
        Assert.Equal(new DateTimeOffset(2026, 11, 3, 7, 15, 0, TimeSpan.Zero), parse.Rows[1].Created);
        Assert.Equal(TimeSpan.Zero, parse.Rows[1].Created!.Value.Offset);
        Assert.Equal((ImportFile.DefaultFrequency, (int?)null, (DateTimeOffset?)null), (parse.Rows[2].Frequency, parse.Rows[2].Minutes, parse.Rows[2].Created));
    }

    [Fact]
    public void GermanExcelCsvWithSemicolonsBomAndGermanHeadersIsRead()
    {
        var csv = "Nr;Text;Häufigkeit;Minuten;Erstellt\r\n1;Lieferscheine, Rechnungen abgleichen;Wöchentlich;45;2026-10-01\r\n2;\"Angebot; dann Auftrag\";TÄGLICH;;\r\n";
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();

        var parse = ImportFile.Read(bytes, ExchangeFormat.Csv);

        Assert.Empty(parse.Notes);
        Assert.Equal(["Lieferscheine, Rechnungen abgleichen", "Angebot; dann Auftrag"], parse.Rows.Select(r => r.Text));
        Assert.Equal([Frequency.Weekly, Frequency.Daily], parse.Rows.Select(r => r.Frequency));
        Assert.Equal("1", parse.Rows[0].SourceId);
    }

    [Fact]
    public void WithoutATextColumnNothingIsImportedAndTheHeaderLineIsNamed()
    {
        var parse = ImportFile.Read("id,beschreibung\n1,Rechnungen\n", ExchangeFormat.Csv);

        Assert.Empty(parse.Rows);
        Assert.Equal([new ImportNote(1, ImportNoteKind.NoTextColumn)], parse.Notes);
    }

    [Fact]
    public void JsonlLinesThatAreNoObjectOrLackTextAreSkippedWithTheirLineNumbers()
    {
        var jsonl = string.Join("\n",
            """{"id": 1, "text": "Rechnungen abtippen", "frequency": "daily", "minutes": 15, "created": "2026-11-02T09:00:00Z"}""",
            """{"id": 2, "text": "kaputt" """,
            "",
            """["text", "kein Objekt"]""",
            """{"id": 4, "text": 42}""",
            """{"id": 5, "text": "Drucker", "minutes": "abc"}""",
            """{"id": 6, "text": "Zeilen\nund \"Zitate\" 👩‍💻 مرحبا", "frequency": "Wöchentlich", "minutes": null}""");

        var parse = ImportFile.Read(jsonl, ExchangeFormat.Jsonl);

        Assert.Equal(
            [(2, ImportNoteKind.BadJson), (4, ImportNoteKind.BadJson), (5, ImportNoteKind.MissingText), (6, ImportNoteKind.BadMinutes)],
            parse.Notes.Select(n => (n.Line, n.Kind)));
        Assert.Equal([1, 7], parse.Rows.Select(r => r.Line));
        Assert.Equal("Zeilen\nund \"Zitate\" 👩‍💻 مرحبا", parse.Rows[1].Text);
        Assert.Equal(Frequency.Weekly, parse.Rows[1].Frequency);
    }

    [Fact]
    public void ATooLongTextIsCutToTheMaximumWithANoteAndStillImported()
    {
        var parse = ImportFile.Read("text\n" + new string('x', 20_000) + "\n", ExchangeFormat.Csv);

        var row = Assert.Single(parse.Rows);
        Assert.Equal(BacklogEntry.MaxTextLength, row.Text.Length);
        var note = Assert.Single(parse.Notes);
        Assert.Equal((2, ImportNoteKind.TextCut, false), (note.Line, note.Kind, note.Skipped));
    }

    [Theory]
    [InlineData("=HYPERLINK(\"https://evil.example\")", "'=HYPERLINK(\"https://evil.example\")")]
    [InlineData("+49 170 1234", "'+49 170 1234")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1)", "'@SUM(A1)")]
    [InlineData("\tTab", "'\tTab")]
    [InlineData("\rCR", "'\rCR")]
    [InlineData("'=schon mit Apostroph", "''=schon mit Apostroph")]
    [InlineData("'Zitat", "'Zitat")]
    [InlineData("Rechnung = Ärger", "Rechnung = Ärger")]
    public void FormulaGuardEscapesWhatASpreadsheetWouldRunAndUnescapesToTheSameText(string text, string escaped)
    {
        Assert.Equal(escaped, FormulaGuard.Escape(text));
        Assert.Equal(text, FormulaGuard.Unescape(FormulaGuard.Escape(text)));
    }
}
