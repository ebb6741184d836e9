using System.ComponentModel;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.SemanticKernel;
using TeamsKiCoach.Ai.Registry;
using TeamsKiCoach.Coaching.Registry;
using TeamsKiCoach.Tests.Assessment;
using static TeamsKiCoach.Tests.Registry.ScriptedChatClient;

namespace TeamsKiCoach.Tests.Registry;

public sealed class RegistryQuestionAnswererTests
{
    private const string Question = "Wer kümmert sich um die Rechnungen und was macht das genau?";

    /// <summary>A plugin the host might register on the same kernel for something else; the registry answer must never reach it.</summary>
    private sealed class MailPlugin
    {
        public int Sent { get; private set; }

        [KernelFunction("send_mail")]
        [Description("Sends an e-mail.")]
        public string SendMail(string to, string body)
        {
            Sent++;
            return "sent";
        }
    }

    private static (RegistryQuestionAnswerer Answerer, MailPlugin Mail) Answerer(IChatClient client, TimeProvider? time = null)
    {
        var builder = Kernel.CreateBuilder();
        builder.Services.AddSingleton(client);
        var mail = new MailPlugin();
        builder.Plugins.AddFromObject(mail, "mail");
        return (new RegistryQuestionAnswerer(builder.Build(), TimeSpan.FromSeconds(20), time), mail);
    }

    [Fact]
    public async Task TheModelIsOfferedOnlyTheRegistryReadFunctions()
    {
        var client = new ScriptedChatClient(Call("registry_list_automations"), Say("Es gibt acht Automatisierungen."));

        await Answerer(client).Answerer.AnswerAsync(Question, SampleRegistry.Entries(), RegistryText.German, CancellationToken.None);

        Assert.All(client.Calls, call =>
            Assert.Equal(["registry_find_automations", "registry_list_automations", "registry_read_automation"], call.Options!.Tools!.Select(t => t.Name).Order(StringComparer.Ordinal)));
    }

    [Fact]
    public async Task TheAnswerCitesTheEntriesTheFunctionsReturned()
    {
        var client = new ScriptedChatClient(
            Call("registry_read_automation", ("name", "Eingangsrechnungen erfassen")),
            Say("Jonas Becker ist verantwortlich. Die Automatisierung liest Rechnungen aus dem Postfach und trägt sie ins ERP ein; Zahlungen gibt sie nicht frei."));

        var answer = await Answerer(client).Answerer.AnswerAsync(Question, SampleRegistry.Entries(), RegistryText.German, CancellationToken.None);

        Assert.True(answer.FromAi);
        Assert.Null(answer.Note);
        Assert.StartsWith("Jonas Becker ist verantwortlich.", answer.Text);
        Assert.Equal(["Eingangsrechnungen erfassen"], answer.Cited.Select(e => e.Name));
        var result = Assert.Single(client.Results);
        Assert.Contains("Gibt keine Zahlung frei.", result);
        Assert.Contains("Jonas Becker", result);
    }

    [Fact]
    public async Task ArgumentsAsAProviderSendsThemAreUnderstood()
    {
        var arguments = System.Text.Json.JsonDocument.Parse("""{"words":"Protokoll"}""").RootElement.GetProperty("words");
        var client = new ScriptedChatClient(Call("registry_find_automations", ("words", arguments)), Say("Nach Meetings legt ein Pilot eine Protokollvorlage an."));

        var answer = await Answerer(client).Answerer.AnswerAsync("Was passiert nach Meetings?", SampleRegistry.Entries(), RegistryText.German, CancellationToken.None);

        Assert.True(answer.FromAi);
        Assert.Equal(["Protokollvorlage nach Meetings"], answer.Cited.Select(e => e.Name));
    }

    [Fact]
    public async Task WhenTheModelOnlyListedTheListedEntriesAreCited()
    {
        var entries = SampleRegistry.Entries();
        var client = new ScriptedChatClient(Call("registry_list_automations"), Say("Hier laufen acht automatisierte Schritte."));

        var answer = await Answerer(client).Answerer.AnswerAsync("Was ist hier alles automatisiert?", entries, RegistryText.German, CancellationToken.None);

        Assert.Equal(entries.Select(e => e.Name), answer.Cited.Select(e => e.Name));
    }

    [Theory]
    [InlineData("send_mail")]
    [InlineData("mail_send_mail")]
    [InlineData("mail-send_mail")]
    [InlineData("delete_automation")]
    public async Task AnyOtherFunctionIsRefusedNotRunAndTheSearchAnswers(string function)
    {
        var client = new ScriptedChatClient(Call(function, ("to", "alle@firma.de"), ("body", "Hallo")), Say("Erledigt."));
        var (answerer, mail) = Answerer(client);

        var answer = await answerer.AnswerAsync(Question, SampleRegistry.Entries(), RegistryText.German, CancellationToken.None);

        Assert.Equal(0, mail.Sent);
        Assert.False(answer.FromAi);
        Assert.Equal(RegistryText.German["Note.Fallback.Refused"], answer.Note);
        Assert.Equal("Eingangsrechnungen erfassen", answer.Cited[0].Name);
        Assert.Single(client.Calls);
    }

    [Fact]
    public async Task ARefusedCallInABatchStopsTheAllowedOneToo()
    {
        var client = new ScriptedChatClient(CallAll(("registry_list_automations", []), ("send_mail", [("to", "alle@firma.de"), ("body", "x")])));
        var (answerer, mail) = Answerer(client);

        var answer = await answerer.AnswerAsync(Question, SampleRegistry.Entries(), RegistryText.German, CancellationToken.None);

        Assert.Equal(0, mail.Sent);
        Assert.Equal(RegistryText.German["Note.Fallback.Refused"], answer.Note);
    }

    [Fact]
    public async Task AnAnswerThatReadNothingFromTheRegistryIsNotTrusted()
    {
        var client = new ScriptedChatClient(Say("Bei euch ist sicher die Lohnabrechnung automatisiert."));

        var answer = await Answerer(client).Answerer.AnswerAsync(Question, SampleRegistry.Entries(), RegistryText.German, CancellationToken.None);

        Assert.False(answer.FromAi);
        Assert.Equal(RegistryText.German["Note.Fallback.Ungrounded"], answer.Note);
        Assert.DoesNotContain("Lohnabrechnung", answer.Text);
    }

    [Fact]
    public async Task AModelThatNeverStopsCallingIsCutOff()
    {
        var turns = Enumerable.Repeat(Call("registry_list_automations"), RegistryQuestionAnswerer.MaxRounds + 2).ToArray();
        var client = new ScriptedChatClient(turns);

        var answer = await Answerer(client).Answerer.AnswerAsync(Question, SampleRegistry.Entries(), RegistryText.German, CancellationToken.None);

        Assert.Equal(RegistryQuestionAnswerer.MaxRounds, client.Calls.Count);
        Assert.False(answer.FromAi);
        Assert.Equal(RegistryText.German["Note.Fallback.Error"], answer.Note);
    }

    [Fact]
    public async Task AModelThatDoesNotAnswerInTimeGivesTheSearchWithANote()
    {
        var time = new FakeTimeProvider(SampleRegistry.Installed);
        var (answerer, _) = Answerer(FakeChatClient.Hanging(), time);

        var pending = answerer.AnswerAsync(Question, SampleRegistry.Entries(), RegistryText.English, CancellationToken.None);
        Assert.False(pending.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(21));
        var answer = await pending;

        Assert.False(answer.FromAi);
        Assert.Equal("The AI did not answer within 20 s; this is the registry search.", answer.Note);
    }

    [Fact]
    public async Task AFailingModelGivesTheSearchWithANote()
    {
        var client = new FakeChatClient(_ => throw new HttpRequestException("502"));

        var answer = await Answerer(client).Answerer.AnswerAsync(Question, SampleRegistry.Entries(), RegistryText.German, CancellationToken.None);

        Assert.False(answer.FromAi);
        Assert.Equal(RegistryText.German["Note.Fallback.Error"], answer.Note);
        Assert.Contains("Jonas Becker", answer.Text);
    }

    [Fact]
    public void TheSearchWithoutAMatchSaysWhatTheRegistryHolds()
    {
        var answer = RegistryQuestionAnswerer.Search("Quantencomputer?", SampleRegistry.Entries(), RegistryText.German);

        Assert.Empty(answer.Cited);
        Assert.StartsWith("Dazu habe ich im Verzeichnis nichts gefunden. Eingetragen sind: Täglicher Reibungs-Impuls, ", answer.Text);
    }
}
