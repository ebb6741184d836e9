using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace TeamsKiCoach.Bot.Cards;

/// <summary>
/// A small typed model of Adaptive Cards 1.5, the version Teams renders. It emits only what the official
/// adaptivecards library accepts at 1.5 without a warning (checked in the tests for every card the bot sends).
/// Text from people goes into <see cref="LiteralText"/>, which has no markdown, so it is always shown as typed.
/// </summary>
public sealed record AdaptiveCard(IReadOnlyList<CardElement> Body, IReadOnlyList<CardAction>? Actions = null)
{
    /// <summary>
    /// Teams' Universal Actions refresh: a client showing the card to one of <see cref="CardRefresh.UserIds"/> (and,
    /// in chats of up to 60 people, to anyone) asks the bot for the card as that person should see it now.
    /// </summary>
    public CardRefresh? Refresh { get; init; }

    public const string ContentType = "application/vnd.microsoft.card.adaptive";
    public const string Version = "1.5";

    public JsonObject ToJson()
    {
        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = Version,
            ["body"] = ToArray(Body, e => e.ToJson()),
        };
        if (Actions is { Count: > 0 })
        {
            card["actions"] = ToArray(Actions, a => a.ToJson());
        }

        if (Refresh is not null)
        {
            card["refresh"] = Refresh.ToJson();
        }

        card["msteams"] = new JsonObject { ["width"] = "Full" };
        return card;
    }

    public string ToJsonString() => ToJson().ToJsonString(Compact);

    // One instance for all cards: options cache what they learn about the types they write. The card is JSON sent
    // as JSON (never embedded in HTML), so umlauts and "<" stay as they are instead of becoming \u escapes.
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static JsonArray ToArray<T>(IEnumerable<T> items, Func<T, JsonNode> map) => new(items.Select(map).ToArray());
}

/// <summary>The card's refresh: the verb and data the client sends, and whose clients refresh on their own (Teams user ids, at most 60).</summary>
public sealed record CardRefresh(string Verb, IReadOnlyDictionary<string, string> Data, IReadOnlyList<string> UserIds)
{
    public const int MaxUserIds = 60;

    public JsonObject ToJson()
    {
        var data = new JsonObject();
        foreach (var (key, value) in Data)
        {
            data[key] = value;
        }

        return new JsonObject
        {
            ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = Verb, ["data"] = data },
            ["userIds"] = new JsonArray(UserIds.Take(MaxUserIds).Select(id => (JsonNode)JsonValue.Create(id)).ToArray()),
        };
    }
}

public enum TextSize
{
    Default,
    Small,
    Medium,
    Large,
}

public enum ContainerStyle
{
    Default,
    Emphasis,
    Good,
    Attention,
    Warning,
    Accent,
}

public abstract record CardElement
{
    public string? Id { get; init; }
    public bool Separator { get; init; }

    public abstract JsonObject ToJson();

    protected JsonObject Element(string type)
    {
        var json = new JsonObject { ["type"] = type };
        if (Id is not null)
        {
            json["id"] = Id;
        }

        if (Separator)
        {
            json["separator"] = true;
        }

        return json;
    }

    protected static string Lower<TEnum>(TEnum value)
        where TEnum : struct, Enum => value.ToString().ToLowerInvariant();
}

/// <summary>The bot's own text. May use the small markdown subset Teams renders; never put a person's text here.</summary>
public sealed record TextBlock(string Text) : CardElement
{
    public bool Bold { get; init; }
    public bool Subtle { get; init; }
    public TextSize Size { get; init; }

    public override JsonObject ToJson()
    {
        var json = Element("TextBlock");
        json["text"] = Text;
        json["wrap"] = true;
        if (Bold)
        {
            json["weight"] = "bolder";
        }

        if (Subtle)
        {
            json["isSubtle"] = true;
        }

        if (Size != TextSize.Default)
        {
            json["size"] = Lower(Size);
        }

        return json;
    }
}

/// <summary>Text a person wrote, shown exactly as written: a RichTextBlock's TextRun interprets no markdown.</summary>
public sealed record LiteralText(string Text) : CardElement
{
    public bool Subtle { get; init; }

    public override JsonObject ToJson()
    {
        var run = new JsonObject { ["type"] = "TextRun", ["text"] = Text };
        if (Subtle)
        {
            run["isSubtle"] = true;
        }

        var json = Element("RichTextBlock");
        json["inlines"] = new JsonArray(run);
        return json;
    }
}

/// <summary>
/// A picture the bot made itself (a chart), usually as a data URI so that no image endpoint is needed.
/// <see cref="AltText"/> carries what the picture shows for screen readers.
/// </summary>
public sealed record Image(string Url, string AltText) : CardElement
{
    public int? PixelWidth { get; init; }

    public override JsonObject ToJson()
    {
        var json = Element("Image");
        json["url"] = Url;
        json["altText"] = AltText;
        if (PixelWidth is { } width)
        {
            json["width"] = width.ToString(System.Globalization.CultureInfo.InvariantCulture) + "px";
        }

        return json;
    }
}

public sealed record Fact(string Title, string Value);

public sealed record FactSet(IReadOnlyList<Fact> Facts) : CardElement
{
    public override JsonObject ToJson()
    {
        var json = Element("FactSet");
        json["facts"] = AdaptiveCard.ToArray(Facts, f => new JsonObject { ["title"] = f.Title, ["value"] = f.Value });
        return json;
    }
}

public sealed record Container(IReadOnlyList<CardElement> Items) : CardElement
{
    public ContainerStyle Style { get; init; }

    public override JsonObject ToJson()
    {
        var json = Element("Container");
        if (Style != ContainerStyle.Default)
        {
            json["style"] = Lower(Style);
        }

        json["items"] = AdaptiveCard.ToArray(Items, i => i.ToJson());
        return json;
    }
}

public sealed record ActionSet(IReadOnlyList<CardAction> Actions) : CardElement
{
    public override JsonObject ToJson()
    {
        var json = Element("ActionSet");
        json["actions"] = AdaptiveCard.ToArray(Actions, a => a.ToJson());
        return json;
    }
}

public sealed record TextInput(string InputId, string Label) : CardElement
{
    public string? Placeholder { get; init; }
    public string? Value { get; init; }
    public bool Multiline { get; init; }
    public int? MaxLength { get; init; }
    public string? RequiredMessage { get; init; }

    public override JsonObject ToJson()
    {
        var json = Element("Input.Text");
        json["id"] = InputId;
        json["label"] = Label;
        json["isMultiline"] = Multiline;
        Optional(json, "placeholder", Placeholder);
        Optional(json, "value", Value);
        if (MaxLength is { } max)
        {
            json["maxLength"] = max;
        }

        Required(json, RequiredMessage);
        return json;
    }

    internal static void Optional(JsonObject json, string name, string? value)
    {
        if (value is not null)
        {
            json[name] = value;
        }
    }

    // The renderer insists that a required input has both a label and an error message.
    internal static void Required(JsonObject json, string? message)
    {
        if (message is not null)
        {
            json["isRequired"] = true;
            json["errorMessage"] = message;
        }
    }
}

public sealed record Choice(string Title, string Value);

public sealed record ChoiceInput(string InputId, string Label, IReadOnlyList<Choice> Choices) : CardElement
{
    public string? Value { get; init; }
    public bool Expanded { get; init; }
    public string? RequiredMessage { get; init; }

    public override JsonObject ToJson()
    {
        var json = Element("Input.ChoiceSet");
        json["id"] = InputId;
        json["label"] = Label;
        json["style"] = Expanded ? "expanded" : "compact";
        json["choices"] = AdaptiveCard.ToArray(Choices, c => new JsonObject { ["title"] = c.Title, ["value"] = c.Value });
        TextInput.Optional(json, "value", Value);
        TextInput.Required(json, RequiredMessage);
        return json;
    }
}

public sealed record ToggleInput(string InputId, string Title) : CardElement
{
    public bool Value { get; init; }

    public override JsonObject ToJson()
    {
        var json = Element("Input.Toggle");
        json["id"] = InputId;
        json["title"] = Title;
        json["value"] = Value ? "true" : "false";
        return json;
    }
}

/// <summary>A date picker; the value is "yyyy-MM-dd".</summary>
public sealed record DateInput(string InputId, string Label) : CardElement
{
    public DateOnly? Value { get; init; }
    public DateOnly? Min { get; init; }
    public DateOnly? Max { get; init; }

    public override JsonObject ToJson()
    {
        var json = Element("Input.Date");
        json["id"] = InputId;
        json["label"] = Label;
        TextInput.Optional(json, "value", Value?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        TextInput.Optional(json, "min", Min?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        TextInput.Optional(json, "max", Max?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
        return json;
    }
}

public sealed record NumberInput(string InputId, string Label) : CardElement
{
    public double? Min { get; init; }
    public double? Max { get; init; }
    public string? Placeholder { get; init; }

    public override JsonObject ToJson()
    {
        var json = Element("Input.Number");
        json["id"] = InputId;
        json["label"] = Label;
        if (Min is { } min)
        {
            json["min"] = min;
        }

        if (Max is { } max)
        {
            json["max"] = max;
        }

        TextInput.Optional(json, "placeholder", Placeholder);
        return json;
    }
}

public abstract record CardAction(string Title)
{
    public abstract JsonObject ToJson();
}

/// <summary>
/// A button that the bot answers in place (an adaptiveCard/action invoke). Clients without Action.Execute
/// fall back to Action.Submit with the same verb inside its data, which arrives as a message.
/// </summary>
public sealed record ExecuteAction(string Title, string Verb, IReadOnlyDictionary<string, string>? Data = null) : CardAction(Title)
{
    public const string VerbField = "verb";

    public override JsonObject ToJson()
    {
        var data = new JsonObject();
        foreach (var (key, value) in Data ?? new Dictionary<string, string>())
        {
            data[key] = value;
        }

        var submitData = data.DeepClone().AsObject();
        submitData[VerbField] = Verb;
        return new JsonObject
        {
            ["type"] = "Action.Execute",
            ["title"] = Title,
            ["verb"] = Verb,
            ["data"] = data,
            ["fallback"] = new JsonObject { ["type"] = "Action.Submit", ["title"] = Title, ["data"] = submitData },
        };
    }
}

public sealed record OpenUrlAction(string Title, Uri Url) : CardAction(Title)
{
    public override JsonObject ToJson() => new()
    {
        ["type"] = "Action.OpenUrl",
        ["title"] = Title,
        ["url"] = Url.AbsoluteUri,
    };
}
