namespace TeamsKiCoach.Coaching.Backlog.Exchange;

/// <summary>The file formats a backlog is exported to and imported from (XLSX is export only).</summary>
public enum ExchangeFormat
{
    Csv,
    Jsonl,
    Xlsx,
}

public static class ExchangeFormats
{
    public static string ContentType(this ExchangeFormat format) => format switch
    {
        ExchangeFormat.Csv => "text/csv; charset=utf-8",
        ExchangeFormat.Jsonl => "application/x-ndjson; charset=utf-8",
        ExchangeFormat.Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string Extension(this ExchangeFormat format) => format switch
    {
        ExchangeFormat.Csv => "csv",
        ExchangeFormat.Jsonl => "jsonl",
        ExchangeFormat.Xlsx => "xlsx",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>"csv", "jsonl" (also "ndjson", "json") or "xlsx", any case; null for anything else.</summary>
    public static ExchangeFormat? Parse(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "csv" => ExchangeFormat.Csv,
        "jsonl" or "ndjson" or "json" => ExchangeFormat.Jsonl,
        "xlsx" => ExchangeFormat.Xlsx,
        _ => null,
    };

    /// <summary>The import format of a file, by its extension; null when it is no importable format.</summary>
    public static ExchangeFormat? OfImportFile(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".csv" or ".txt" => ExchangeFormat.Csv,
        ".jsonl" or ".ndjson" => ExchangeFormat.Jsonl,
        _ => null,
    };

    /// <summary>The spreadsheet words for the frequencies as they are written to files: daily, weekly, monthly, rarely.</summary>
    public static string Name(this Frequency frequency) => frequency.ToString().ToLowerInvariant();

    public static string Name(this EntrySource source) => source.ToString().ToLowerInvariant();
}
