using System.Resources;

// The domain's texts (assessment, pilots, pulse, stages, nudges, registry) are German in the neutral resources,
// English in the .en satellites: German is the default language.
[assembly: NeutralResourcesLanguage("de")]
