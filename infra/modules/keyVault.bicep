// Key Vault (RBAC) holding the database connection string; the bot's identity may read secrets, nothing more.

param vaultName string
param location string
param tags object

@description('Principal id of the managed identity that reads the secrets.')
param readerPrincipalId string

param connectionStringSecretName string

@secure()
@description('The PostgreSQL connection string, password included.')
param connectionString string

@secure()
@description('Base64 key that signs the short-lived backlog download links (Coach:Export:LinkKey).')
param exportLinkKey string

// Built-in role "Key Vault Secrets User": read secret contents.
var keyVaultSecretsUserRoleId = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: vaultName
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource connectionStringSecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: connectionStringSecretName
  properties: {
    value: connectionString
    contentType: 'Npgsql connection string'
  }
}

resource exportLinkKeySecret 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = {
  parent: vault
  name: 'Coach--Export--LinkKey'
  properties: {
    value: exportLinkKey
    contentType: 'HMAC-SHA256 key, base64'
  }
}

resource secretsUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUserRoleId)
  scope: vault
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUserRoleId)
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output vaultName string = vault.name
// The secret's URI without version: App Service follows the latest version of the secret.
output connectionStringSecretUri string = connectionStringSecret.properties.secretUri
output exportLinkKeySecretUri string = exportLinkKeySecret.properties.secretUri
output secretsUserAssignmentId string = secretsUser.id
