using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using TeamsKiCoach.Coaching.Pilots;

namespace TeamsKiCoach.Ai.Pilots;

/// <summary>
/// The proposal form's fields drafted by a language model, through the chat client of a Semantic Kernel
/// <see cref="Kernel"/>. The model gets the pattern's entries as fenced data and must answer with the three-field
/// schema; anything else, a timeout or an error gives the rules' draft with a note saying so. The model fills
/// fields only: the owner is the proposer, and the proposer edits and sends the form.
/// </summary>
public sealed class KernelPilotDrafter : IPilotDrafter
{
    /// <summary>
    /// The longest a draft may take, whatever Coach:Ai:TimeoutSeconds says: the form is the answer to the card
    /// action the proposer clicked, and Teams gives up on an invoke that is not answered within a few seconds and
    /// shows an error instead of the form. Past this the rules' draft is the better answer.
    /// </summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromSeconds(8);

    private readonly IChatClient chat;
    private readonly RulePilotDrafter rules;
    private readonly TimeSpan timeout;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public KernelPilotDrafter(Kernel kernel, RulePilotDrafter rules, TimeSpan timeout, TimeProvider? time = null, ILogger<KernelPilotDrafter>? logger = null)
    {
        chat = kernel.Services.GetService(typeof(IChatClient)) as IChatClient
            ?? kernel.GetRequiredService<IChatCompletionService>().AsChatClient();
        this.rules = rules;
        this.timeout = timeout < MaxTimeout ? timeout : MaxTimeout;
        this.time = time ?? TimeProvider.System;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>How long one draft waits for the model.</summary>
    public TimeSpan Timeout => timeout;

    public async Task<PilotSuggestion> DraftAsync(PilotDraftSubject subject, PilotActor proposer, PilotText text, CancellationToken cancellationToken)
    {
        var offline = rules.Draft(subject, proposer, text);
        var prompt = PilotDraftPrompt.For(subject, text);
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(PilotDraftReply.Schema, "pilotDraft", "The fields of a pilot proposal, drafted for a person to edit."),
            Temperature = 0,
            MaxOutputTokens = 400,
            Tools = null,
            AdditionalProperties = new AdditionalPropertiesDictionary { ["strict"] = true },
        };

        var answer = await ModelCall.AskAsync(chat, prompt.System, prompt.User, options, timeout, time, cancellationToken);
        switch (answer.Outcome)
        {
            case ModelOutcome.TimedOut:
                logger.LogWarning("The model did not draft the pilot within {Seconds} s; the rules' draft is used.", timeout.TotalSeconds);
                return new PilotSuggestion(offline, text.Format("Draft.Fallback.Timeout", timeout.TotalSeconds));
            case ModelOutcome.Failed:
                logger.LogWarning("The model call for a pilot draft failed ({Error}); the rules' draft is used.", answer.Error);
                return new PilotSuggestion(offline, text["Draft.Fallback.Error"]);
        }

        if (PilotDraftReply.Parse(answer.Text, out var problem) is not { } fields)
        {
            logger.LogWarning("The model's pilot draft was invalid ({Problem}); the rules' draft is used.", problem);
            return new PilotSuggestion(offline, text["Draft.Fallback.Invalid"]);
        }

        return new PilotSuggestion(offline with
        {
            Step = fields.Step,
            StaysManual = fields.StaysManual,
            WhoIsRelieved = fields.WhoIsRelieved,
            Owner = proposer,
            AiDrafted = true,
        });
    }
}
