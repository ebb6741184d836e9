using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using TeamsKiCoach.Coaching.Assessment;

namespace TeamsKiCoach.Ai;

/// <summary>
/// The assessment by a language model, through the chat client of a Semantic Kernel <see cref="Kernel"/>. The model
/// gets the entries as fenced data and must answer with the assessment schema; anything else, a timeout or an
/// error gives the offline rules' result with a note saying so. It only suggests: nothing here changes state,
/// sends a message or approves anything.
/// </summary>
public sealed class KernelAssessmentEngine : IAssessmentEngine
{
    private readonly IChatClient chat;
    private readonly RuleAssessmentEngine rules;
    private readonly TimeSpan timeout;
    private readonly TimeProvider time;
    private readonly ILogger logger;

    public KernelAssessmentEngine(Kernel kernel, RuleAssessmentEngine rules, TimeSpan timeout, TimeProvider? time = null, ILogger<KernelAssessmentEngine>? logger = null)
    {
        // A kernel built with a chat client (OpenAI, Azure OpenAI, Ollama) has one; one built with a chat
        // completion service is bridged to the same interface.
        chat = kernel.Services.GetService(typeof(IChatClient)) as IChatClient
            ?? kernel.GetRequiredService<IChatCompletionService>().AsChatClient();
        this.rules = rules;
        this.timeout = timeout;
        this.time = time ?? TimeProvider.System;
        this.logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    public async Task<Assessment> AssessAsync(AssessmentSubject subject, AssessmentText text, CancellationToken cancellationToken)
    {
        var offline = rules.Assess(subject, text);
        var prompt = AssessmentPrompt.For(subject, text);
        var options = new ChatOptions
        {
            ResponseFormat = ChatResponseFormat.ForJsonSchema(AssessmentReply.Schema, "assessment", "The assessment of one backlog pattern."),
            Temperature = 0,
            MaxOutputTokens = 1200,
            Tools = null,
            // OpenAI and Azure OpenAI then enforce the schema on their side as well.
            AdditionalProperties = new AdditionalPropertiesDictionary { ["strict"] = true },
        };

        var answer = await ModelCall.AskAsync(chat, prompt.System, prompt.User, options, timeout, time, cancellationToken);
        switch (answer.Outcome)
        {
            case ModelOutcome.TimedOut:
                logger.LogWarning("The model did not answer within {Seconds} s; the rules' suggestion is used.", timeout.TotalSeconds);
                return offline with { Note = text.Format("Note.Fallback.Timeout", timeout.TotalSeconds) };
            case ModelOutcome.Failed:
                logger.LogWarning("The model call failed ({Error}); the rules' suggestion is used.", answer.Error);
                return offline with { Note = text["Note.Fallback.Error"] };
        }

        if (AssessmentReply.Parse(answer.Text, out var problem) is not { } assessment)
        {
            logger.LogWarning("The model's answer was invalid ({Problem}); the rules' suggestion is used.", problem);
            return offline with { Note = text["Note.Fallback.Invalid"] };
        }

        return assessment;
    }
}
