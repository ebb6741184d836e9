using TeamsKiCoach.Bot.Exchange;
using TeamsKiCoach.Bot.Hosting;
using TeamsKiCoach.Bot.Privacy;

if (DataSheetCommandLine.Handles(args))
{
    return await DataSheetCommandLine.RunAsync(args, Console.OpenStandardOutput(), Console.Out, Console.Error);
}

if (BacklogCommandLine.Handles(args))
{
    return await BacklogCommandLine.RunAsync(args, Console.OpenStandardOutput(), Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddCoaching();

var app = builder.Build();
await app.MapCoachingAsync();
await app.RunAsync();
return 0;

public partial class Program;
