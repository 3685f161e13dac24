package clients

// Fake credentials used by the secret-scanner corpus.
const (
	databricks = "dapia29f5edcf5ac4acb9fe11932748bf4d8"
	planetscale = "pscale_tkn__C9jcNyZaY5ZoF7mSnuaDnFbxYe7TI1Kk9hrbS51dqT"
	fly = "fo1_1_WWV0eC644fq4JGCMpr7w_Z1rX5Mk-msc0IMGjomTA"
	atlassian = "ATATT32Qj5rxfS=ZRKFXoSasEkO_mNY0Y3Tfp23LLiK_pAH6SdgOX1Rz8lYRJ3Ot1oEL73=TdqeGsdaimSXGgGcFYgEJ9ETbYDwP6kf1Q_P30P4cpVO0ikHDygiV6doMmVxaIrvGQCgctR_pzz2244psTPUrNjRCVmz8sSEiprmg9df6dzht-HpyFWnCn8P7"
	grafanaSA = "glsa_xR3VDKwVoNbQOj9AjRPQjQtgQJR0NxLO_ce7b711f"
	grafanaCloud = "glc_qIRP/TrDfjQeMDZ077pJEVJwSdjoaX/eZvIsjZQagx/fZHWkYgydfDIFjRjYznM08oAkfo7LjSVeHPt7"
	postman = "PMAK-8c66bc9485196a47b41ab6f6-3b0be01728c25b5175cc5267ceef18c1dd"
	dynatrace = "dt0c01.F351KHW8PW1KXHHDFG9B54R8.JKJZ3PTEH5DVKA89Z621O6TPBWL445S3KNBGQHLTDJEVF70F5WK1O4J1CRUIHQPA"
	prefect = "pnu_YaS0dWGRdSMGv6GhfbWXJ0JU50P00jNHlw2m"
	nuget = "oy245wetrkzkc7ei5mz4nrewrf6ywy901xpeoxivoj4wmq"
	rubygems = "rubygems_9273c4b49e9b7da23bf981798f898a38f8ec97bad5e3dc6b"
	artifactory = "AKCpNSsj4d7Y0aOBz7zcO5tw5RKz4HCLgGjhWxFr7HFgqXwgmHBXoh8RGOBdqbFb3Fb6yIiZW"
	sentryOrg = "sntrys_eyJNZPVan-pbaK4lvfx_Jfaw0biIpe2L1Unk6YDtGZUKX4NVb9kXtZDR4DiBAGXaSDJo4WAva_AnlOITtFO"
	squareV2 = "EAAAqFNxm9PUNvkP7RhBTvWauJxwfsy_IAg5yJlIIOii0vuXETu_mVWwHUvhW3qZ"
	shippoTest = "shippo_test_29dc535fa0ca1816192c2d88340905899d229f20"
	dopplerSA = "dp.sa.Lwy8hNrxf9aXBeCXAeQPlndrgvuVw7QXuiEATqVPjuC"
	planetscalePW = "pscale_pw_ed7onvyG7Hb4x5_V8N3FZ40fhsqdxkEx49s_Wb5n5lU"
	slackLegacy = "xoxa-96667085151-345280867031-hCazaIM04IRrmLxac8u2RRIbe3dY1lOK"
)
