using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace TeamsKiCoach.Coaching.Backlog.Exchange;

public enum ImportNoteKind
{
    /// <summary>The CSV file has no header row with a "text" column: nothing is imported.</summary>
    NoTextColumn,

    /// <summary>A quoted CSV field that is never closed: the rest of the file is one broken row.</summary>
    UnclosedQuote,

    /// <summary>A JSONL line that is no JSON object.</summary>
    BadJson,
    MissingText,
    BadFrequency,
    BadMinutes,
    BadDate,

    /// <summary>The row's text and date are already in the team's backlog (the file was imported before).</summary>
    AlreadyPresent,

    /// <summary>Not a skip: the text was longer than <see cref="BacklogEntry.MaxTextLength"/> and was cut.</summary>
    TextCut,
}

/// <summary>Something said about one line of an import file; <see cref="Value"/> is the offending value, if any.</summary>
public sealed record ImportNote(int Line, ImportNoteKind Kind, string? Value = null)
{
    public bool Skipped => Kind != ImportNoteKind.TextCut;
}

/// <summary>A row ready for the backlog: text trimmed and capped, fields checked. <see cref="Line"/> is where it starts.</summary>
public sealed record ImportRow(int Line, string? SourceId, string Text, Frequency Frequency, int? Minutes, DateTimeOffset? Created);

public sealed record ImportParse(IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportNote> Notes);

/// <summary>
/// Reads an import file: CSV (RFC 4180, header row, "," or ";" as separator, UTF-8 with or without BOM) or JSONL
/// (one JSON object per line). Fields: id, text, frequency, minutes, created; only text is required. Rows with a
/// problem are reported by line number and left out; the others are returned in file order.
/// </summary>
public static partial class ImportFile
{
    /// <summary>Minutes lost per occurrence: a whole day at most.</summary>
    public const int MaxMinutes = 24 * 60;

    /// <summary>What a row gets when the file says nothing about how often: the least it can be, so no time is invented.</summary>
    public const Frequency DefaultFrequency = Frequency.Rarely;

    private static readonly Dictionary<string, string> Columns = new (string Alias, string Field)[]
    {
        ("id", "id"), ("nr", "id"), ("number", "id"), ("nummer", "id"),
        ("text", "text"), ("reibung", "text"), ("friction", "text"),
        ("frequency", "frequency"), ("haufigkeit", "frequency"), ("haeufigkeit", "frequency"),
        ("minutes", "minutes"), ("minuten", "minutes"), ("minutes_lost", "minutes"),
        ("created", "created"), ("created_at", "created"), ("erstellt", "created"), ("datum", "created"), ("date", "created"),
    }.ToDictionary(c => c.Alias, c => c.Field, StringComparer.Ordinal);

    private static readonly Dictionary<string, Frequency> Frequencies = new (string Word, Frequency Frequency)[]
    {
        ("daily", Frequency.Daily), ("taglich", Frequency.Daily), ("taeglich", Frequency.Daily),
        ("weekly", Frequency.Weekly), ("wochentlich", Frequency.Weekly), ("woechentlich", Frequency.Weekly),
        ("monthly", Frequency.Monthly), ("monatlich", Frequency.Monthly),
        ("rarely", Frequency.Rarely), ("selten", Frequency.Rarely),
    }.ToDictionary(f => f.Word, f => f.Frequency, StringComparer.Ordinal);

    public static ImportParse Read(byte[] content, ExchangeFormat format) => Read(Decode(content), format);

    public static ImportParse Read(string content, ExchangeFormat format) => format switch
    {
        ExchangeFormat.Csv => ReadCsv(content),
        ExchangeFormat.Jsonl => ReadJsonl(content),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Only CSV and JSONL files can be imported."),
    };

    // UTF-8 with or without BOM; a BOM-less file that is not valid UTF-8 is read as Windows-1252 (older Excel).
    private static string Decode(byte[] content)
    {
        var start = content.AsSpan().StartsWith(Encoding.UTF8.Preamble) ? Encoding.UTF8.Preamble.Length : 0;
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(content, start, content.Length - start);
        }
        catch (DecoderFallbackException)
        {
            return Encoding.Latin1.GetString(content);
        }
    }

    public static ImportParse ReadCsv(string content)
    {
        var rows = new List<ImportRow>();
        var notes = new List<ImportNote>();
        var records = CsvRecords(content.TrimStart('\uFEFF')).ToList();
        var header = records.FirstOrDefault(r => !r.Blank);
        var fields = header?.Fields.Select(f => Columns.GetValueOrDefault(Fold(f.Trim()))).ToList();
        if (header is null || fields is null || !fields.Contains("text"))
        {
            notes.Add(new ImportNote(header?.Line ?? 1, ImportNoteKind.NoTextColumn));
            return new ImportParse(rows, notes);
        }

        foreach (var record in records.Where(r => r.Line > header.Line && !r.Blank))
        {
            if (record.Unclosed)
            {
                notes.Add(new ImportNote(record.Line, ImportNoteKind.UnclosedQuote));
                continue;
            }

            string? Field(string name)
            {
                var index = fields.IndexOf(name);
                return index >= 0 && index < record.Fields.Count ? record.Fields[index] : null;
            }

            var text = Field("text") is { } raw ? FormulaGuard.Unescape(raw) : null;
            Add(record.Line, Field("id"), text, Field("frequency"), Field("minutes"), Field("created"), rows, notes);
        }

        return new ImportParse(rows, notes);
    }

    public static ImportParse ReadJsonl(string content)
    {
        var rows = new List<ImportRow>();
        var notes = new List<ImportNote>();
        // Only \n ends a line: U+2028 and the like may stand unescaped inside a JSON string.
        var lines = content.TrimStart('\uFEFF').Split('\n').Select(l => l.TrimEnd('\r')).ToArray();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = i + 1;
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            JsonElement json;
            try
            {
                using var document = JsonDocument.Parse(lines[i]);
                json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                notes.Add(new ImportNote(line, ImportNoteKind.BadJson));
                continue;
            }

            if (json.ValueKind != JsonValueKind.Object)
            {
                notes.Add(new ImportNote(line, ImportNoteKind.BadJson));
                continue;
            }

            var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var property in json.EnumerateObject())
            {
                if (Columns.TryGetValue(Fold(property.Name), out var field))
                {
                    values.TryAdd(field, property.Value);
                }
            }

            string? Field(string name) => values.TryGetValue(name, out var value) ? Scalar(value) : null;

            // The text must be a string: a number or an object where the text belongs is a mistake, not a friction.
            var text = values.TryGetValue("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            Add(line, Field("id"), text, Field("frequency"), Field("minutes"), Field("created"), rows, notes);
        }

        return new ImportParse(rows, notes);
    }

    private static string? Scalar(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        _ => value.GetRawText(),
    };

    private static void Add(int line, string? id, string? text, string? frequency, string? minutes, string? created, List<ImportRow> rows, List<ImportNote> notes)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            notes.Add(new ImportNote(line, ImportNoteKind.MissingText));
            return;
        }

        var parsedFrequency = DefaultFrequency;
        if (!string.IsNullOrWhiteSpace(frequency) && !Frequencies.TryGetValue(Fold(frequency.Trim()), out parsedFrequency))
        {
            notes.Add(new ImportNote(line, ImportNoteKind.BadFrequency, frequency));
            return;
        }

        int? parsedMinutes = null;
        if (!string.IsNullOrWhiteSpace(minutes))
        {
            if (!int.TryParse(minutes.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m > MaxMinutes)
            {
                notes.Add(new ImportNote(line, ImportNoteKind.BadMinutes, minutes));
                return;
            }

            parsedMinutes = m;
        }

        DateTimeOffset? parsedCreated = null;
        if (!string.IsNullOrWhiteSpace(created))
        {
            if (ParseDate(created.Trim()) is not { } date)
            {
                notes.Add(new ImportNote(line, ImportNoteKind.BadDate, created));
                return;
            }

            parsedCreated = date;
        }

        var (clean, cut) = BacklogEntry.CleanText(text);
        if (cut)
        {
            notes.Add(new ImportNote(line, ImportNoteKind.TextCut));
        }

        rows.Add(new ImportRow(line, string.IsNullOrWhiteSpace(id) ? null : id.Trim(), clean, parsedFrequency, parsedMinutes, parsedCreated));
    }

    // ISO 8601 only ("2026-11-25", "2026-11-25T09:30:00Z", with an offset or fraction): "25.11." or "11/25" would be
    // guessed. Without an offset the time is UTC. Stored in UTC, which PostgreSQL's timestamptz requires.
    private static DateTimeOffset? ParseDate(string value)
    {
        if (!IsoDate().IsMatch(value))
        {
            return null;
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? date.ToUniversalTime()
            : null;
    }

    // Lower case, umlauts and accents folded: "Häufigkeit" and "haufigkeit", "Täglich" and "taglich" are one word.
    private static string Fold(string value)
    {
        var decomposed = value.ToLowerInvariant().Normalize(NormalizationForm.FormD);
        var builder = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed.Where(c => CharUnicodeInfo.GetUnicodeCategory(c) != UnicodeCategory.NonSpacingMark))
        {
            builder.Append(c);
        }

        return builder.ToString();
    }

    private sealed record CsvRecord(int Line, IReadOnlyList<string> Fields, bool Unclosed)
    {
        public bool Blank => !Unclosed && Fields.All(string.IsNullOrWhiteSpace);
    }

    // RFC 4180: fields in double quotes may hold separators, quotes ("" is one) and line breaks. The separator is
    // the one of "," and ";" that the header row uses more. Each record knows the line it starts on.
    private static IEnumerable<CsvRecord> CsvRecords(string content)
    {
        var separator = Separator(content);
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var quoted = false;
        var atFieldStart = true;

        for (var i = 0; i < content.Length; i++)
        {
            var c = content[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < content.Length && content[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n' || (c == '\r' && (i + 1 >= content.Length || content[i + 1] != '\n')))
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && atFieldStart)
            {
                quoted = true;
                atFieldStart = false;
            }
            else if (c == separator)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
            }
            else if (c is '\r' or '\n')
            {
                if (c == '\r' && i + 1 < content.Length && content[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                yield return new CsvRecord(recordLine, fields, false);
                fields = [];
                field.Clear();
                atFieldStart = true;
                line++;
                recordLine = line;
            }
            else
            {
                field.Append(c);
                atFieldStart = false;
            }
        }

        if (quoted)
        {
            yield return new CsvRecord(recordLine, [], true);
        }
        else if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return new CsvRecord(recordLine, fields, false);
        }
    }

    private static char Separator(string content)
    {
        int commas = 0, semicolons = 0;
        var quoted = false;
        foreach (var c in content)
        {
            if (c == '"')
            {
                quoted = !quoted;
            }
            else if (!quoted && c is '\n' or '\r')
            {
                break;
            }
            else if (!quoted && c == ',')
            {
                commas++;
            }
            else if (!quoted && c == ';')
            {
                semicolons++;
            }
        }

        return semicolons > commas ? ';' : ',';
    }

    [GeneratedRegex(@"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,7})?)?(Z|z|[+-][0-9]{2}:?[0-9]{2})?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex IsoDate();
}
