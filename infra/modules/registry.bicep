// The registry the trainer image is pushed to (or built in, with ACR Tasks). Basic SKU; no admin user (anonymous
// pull is off by default): the trainer job pulls with the user-assigned identity (AcrPull).
param name string
param location string
param tags object

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' = {
  name: name
  location: location
  tags: tags
  sku: {
    name: 'Basic'
  }
  properties: {
    adminUserEnabled: false
    publicNetworkAccess: 'Enabled'
  }
}

output id string = registry.id
output name string = registry.name
output loginServer string = registry.properties.loginServer
