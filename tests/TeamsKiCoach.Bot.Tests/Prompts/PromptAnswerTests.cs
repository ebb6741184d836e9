using Microsoft.EntityFrameworkCore;
using TeamsKiCoach.Coaching.Backlog;
using TeamsKiCoach.Coaching.Prompts;
using TeamsKiCoach.Storage.Prompts;

namespace TeamsKiCoach.Tests.Prompts;

public sealed class PromptAnswerTests
{
    private static readonly DateTimeOffset MondayAfternoon = new(2026, 11, 23, 14, 31, 0, TimeSpan.Zero);

    private static async Task<(PromptTenant Tenant, DailyPrompt Anna)> PromptedAsync()
    {
        var tenant = await PromptTenant.StartAsync(MondayAfternoon);
        await tenant.AddTeamAsync("team-1", "lead", null, "anna", "bernd");
        await tenant.Planner.PlanDueAsync(default);
        return (tenant, (await tenant.PromptsAsync("anna")).Single());
    }

    private static PromptReply Reply(string text = "Rechnungen von Hand abtippen", bool anonymous = false) =>
        new(text, Frequency.Daily, 20, anonymous, null);

    [Fact]
    public async Task AnAnswerBecomesTheNextNumberedEntryInTheTeamBacklog()
    {
        var (tenant, anna) = await PromptedAsync();
        await using var _ = tenant;
        var bernd = (await tenant.PromptsAsync("bernd")).Single();

        var first = await tenant.Answers.AnswerAsync(PromptTenant.Tenant, "anna", anna.Id, Reply(), default);
        var second = await tenant.Answers.AnswerAsync(PromptTenant.Tenant, "bernd", bernd.Id, Reply("Urlaubsanträge per Mail"), default);

        Assert.Equal(new AnswerResult.Recorded(1, "team-1", false, false), first);
        Assert.Equal(new AnswerResult.Recorded(2, "team-1", false, false), second);
        await using var db = await tenant.Db.ForTenantAsync(PromptTenant.Tenant, default);
        var entry = await db.BacklogEntries.SingleAsync(e => e.Number == 1);
        Assert.Equal("Rechnungen von Hand abtippen", entry.Text);
        Assert.Equal(Frequency.Daily, entry.Frequency);
        Assert.Equal(20, entry.MinutesLost);
        Assert.Equal("anna", entry.AuthorAadObjectId);
        Assert.Equal(EntrySource.Prompt, entry.Source);
        Assert.Equal(anna.LocalDate, entry.PromptDate);
    }

    [Fact]
    public async Task ASecondSubmitOfTheSamePromptCreatesNoSecondEntry()
    {
        var (tenant, anna) = await PromptedAsync();
        await using var _ = tenant;

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => tenant.Answers.AnswerAsync(PromptTenant.Tenant, "anna", anna.Id, Reply(), default)));

        Assert.Single(results.OfType<AnswerResult.Recorded>());
        Assert.All(results.OfType<AnswerResult.AlreadyAnswered>(), r => Assert.Equal(1, r.EntryNumber));
        await using var db = await tenant.Db.ForTenantAsync(PromptTenant.Tenant, default);
        Assert.Equal(1, await db.BacklogEntries.CountAsync());
    }

    [Fact]
    public async Task AnAnonymousAnswerStoresNoAuthorAndNoLinkFromThePrompt()
    {
        var (tenant, anna) = await PromptedAsync();
        await using var _ = tenant;

        var result = await tenant.Answers.AnswerAsync(PromptTenant.Tenant, "anna", anna.Id, Reply(anonymous: true), default);

        Assert.Equal(new AnswerResult.Recorded(1, "team-1", true, false), result);
        await using var db = await tenant.Db.ForTenantAsync(PromptTenant.Tenant, default);
        Assert.Null((await db.BacklogEntries.SingleAsync()).AuthorAadObjectId);
        Assert.Null((await db.DailyPrompts.SingleAsync(p => p.Id == anna.Id)).EntryNumber);
        Assert.Equal(new AnswerResult.AlreadyAnswered(PromptAnswer.Entry, null), await tenant.Answers.AnswerAsync(PromptTenant.Tenant, "anna", anna.Id, Reply(), default));
    }

    [Fact]
    public async Task NothingTodayIsAGoodAnswerAndStoresNoEntry()
    {
        var (tenant, anna) = await PromptedAsync();
        await using var _ = tenant;

        Assert.IsType<AnswerResult.NothingToday>(await tenant.Answers.AnswerAsync(PromptTenant.Tenant, "anna", anna.Id, null, default));

        await using var db = await tenant.Db.ForTenantAsync(PromptTenant.Tenant, default);
        Assert.Equal(0, await db.BacklogEntries.CountAsync());
        Assert.Equal(PromptAnswer.NothingToday, (await db.DailyPrompts.SingleAsync(p => p.Id == anna.Id)).Answer);
    }

    [Fact]
    public async Task OnlyThePersonThePromptWasSentToCanAnswerIt()
    {
        var (tenant, anna) = await PromptedAsync();
        await using var _ = tenant;

        Assert.IsType<AnswerResult.NotYours>(await tenant.Answers.AnswerAsync(PromptTenant.Tenant, "bernd", anna.Id, Reply(), default));
        Assert.IsType<AnswerResult.NotFound>(await tenant.Answers.AnswerAsync("tenant-fabrikam", "anna", anna.Id, Reply(), default));

        await using var db = await tenant.Db.ForTenantAsync(PromptTenant.Tenant, default);
        Assert.Equal(0, await db.BacklogEntries.CountAsync());
        Assert.False((await db.DailyPrompts.SingleAsync(p => p.Id == anna.Id)).IsAnswered);
    }

    [Theory]
    [InlineData("   ", 10, AnswerProblem.EmptyText)]
    [InlineData("Drucker", -5, AnswerProblem.MinutesOutOfRange)]
    [InlineData("Drucker", 100_000, AnswerProblem.MinutesOutOfRange)]
    public async Task BadInputGetsAClearProblemAndChangesNothing(string text, int minutes, AnswerProblem problem)
    {
        var (tenant, anna) = await PromptedAsync();
        await using var _ = tenant;

        var result = await tenant.Answers.AnswerAsync(PromptTenant.Tenant, "anna", anna.Id, new PromptReply(text, Frequency.Weekly, minutes, false, null), default);

        Assert.Equal(new AnswerResult.Invalid(problem), result);
        Assert.False((await tenant.PromptsAsync("anna")).Single().IsAnswered);
    }

    [Fact]
    public async Task AnAnswerCannotBeFiledIntoATeamThePersonIsNotIn()
    {
        var (tenant, anna) = await PromptedAsync();
        await using var _ = tenant;
        await tenant.AddTeamAsync("team-secret", "boss");

        var result = await tenant.Answers.AnswerAsync(PromptTenant.Tenant, "anna", anna.Id, Reply() with { TeamId = "team-secret" }, default);

        Assert.Equal(new AnswerResult.Invalid(AnswerProblem.UnknownTeam), result);
    }

    [Fact]
    public async Task VeryLongTextIsCutToTheDocumentedMaximumAndSaysSo()
    {
        var (tenant, anna) = await PromptedAsync();
        await using var _ = tenant;

        var result = await tenant.Answers.AnswerAsync(PromptTenant.Tenant, "anna", anna.Id, Reply(new string('x', 20_000)), default);

        Assert.True(Assert.IsType<AnswerResult.Recorded>(result).TextWasCut);
        await using var db = await tenant.Db.ForTenantAsync(PromptTenant.Tenant, default);
        Assert.Equal(BacklogEntry.MaxTextLength, (await db.BacklogEntries.SingleAsync()).Text.Length);
    }
}
