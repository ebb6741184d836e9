using System.Globalization;
using Newtonsoft.Json.Linq;

namespace TeamsKiCoach.Bot.Turns;

/// <summary>
/// Reads what a card sends back. Teams sends its inputs as text, while a card's own data and other clients may
/// send numbers and true/false; an object, an array or null is no value. Who may act is never read from here.
/// </summary>
internal static class CardData
{
    public static string? Text(JObject? data, string name) =>
        data?[name] is JValue { Type: JTokenType.String or JTokenType.Integer or JTokenType.Float or JTokenType.Boolean } value
            ? value.ToString(CultureInfo.InvariantCulture)
            : null;

    /// <summary>A whole number of digits only, as text or as a JSON integer: no sign, no spaces, no decimals.</summary>
    public static long? Number(JObject? data, string name) =>
        data?[name] is { Type: JTokenType.String or JTokenType.Integer }
        && long.TryParse(Text(data, name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static int? SmallNumber(JObject? data, string name) =>
        Number(data, name) is { } value and <= int.MaxValue ? (int)value : null;
}
