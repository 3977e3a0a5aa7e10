// Parameters for `azd up` (azd exports AZURE_ENV_NAME and AZURE_LOCATION and the azd environment's values) and for
// `az deployment sub create --parameters infra/main.bicepparam` (set the same variables in the shell first).
using './main.bicep'

param environmentName = readEnvironmentVariable('AZURE_ENV_NAME', 'hydra')
param location = readEnvironmentVariable('AZURE_LOCATION', 'swedencentral')
param trainerCompute = readEnvironmentVariable('HYDRA_TRAINER_COMPUTE', 'CPU')
param trainerImage = readEnvironmentVariable('SERVICE_TRAINER_IMAGE_NAME', '')
param subscribeBlobEvents = bool(readEnvironmentVariable('HYDRA_SUBSCRIBE_BLOB_EVENTS', 'false'))
